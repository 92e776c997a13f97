from django.urls import path
from django.views.decorators.http import require_safe

from breakingeven.pagecache import PAGED, cache_for_readers

from . import feeds, views
from .models import Article

app_name = "articles"

# Reader pages come from the page cache (see breakingeven/pagecache.py), which never serves
# them stale and lets none outlive the next scheduled publication.
for_readers = cache_for_readers(changes_at=Article.objects.next_publication)
paged_for_readers = cache_for_readers(changes_at=Article.objects.next_publication, query=PAGED)

urlpatterns = [
    path("", paged_for_readers(require_safe(views.HomeView.as_view())), name="home"),
    path("articles/<slug:slug>/", for_readers(views.article_detail), name="detail"),
    path("articles/<slug:slug>/helpful/", views.vote, name="vote"),
    path(
        "authors/<slug:slug>/",
        paged_for_readers(require_safe(views.AuthorView.as_view())),
        name="author",
    ),
    path("tags/<slug:slug>/", paged_for_readers(require_safe(views.TagView.as_view())), name="tag"),
    path("tags/<slug:slug>/feed/", require_safe(feeds.TagFeed()), name="tag_feed"),
    path("tags/<slug:slug>/feed/atom/", require_safe(feeds.TagAtomFeed()), name="tag_atom_feed"),
    path("search/", views.search, name="search"),
    path("feed/", require_safe(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", require_safe(feeds.LatestArticlesAtomFeed()), name="atom_feed"),
]
