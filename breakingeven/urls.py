from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.sitemaps import sitemaps

from . import views
from .pagecache import cache_for_readers, page_number

# Crawlers fetch it often, and it lists every article: kept in the page cache like a page.
cached_sitemap = cache_for_readers(
    changes_at=Article.objects.next_publication, query={"p": page_number}
)(require_safe(sitemap))

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", cached_sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("", include("articles.urls")),
    path("", include("comments.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("anymail/", include("newsletter.webhooks")),
    path("", include("platforms.urls")),
]


if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Error pages rendered without the request, so they work even while the database is down.
handler400 = "breakingeven.views.bad_request"
handler500 = "breakingeven.views.server_error"
