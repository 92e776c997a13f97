"""What the article page reads besides its comments: the article, its tags, and Read next."""

from django.db.models import Count
from django.shortcuts import get_object_or_404

from .models import Article

# Read next looks at the newest published articles that share a tag with this one, at most
# RELATED_CANDIDATES of them, and ranks those by the tags they share, then by publication
# time; the newest others fill any gap. Bounded so that its cost does not grow with the
# archive: ranking every article sharing a tag read a few hundred of them on the benchmark's
# 1,000.
RELATED_CANDIDATES = 20


def published_article(slug):
    """The published article at `slug`, with its author, for its page; or 404.

    Without the Markdown source: the page shows the HTML rendered from it on save.
    """
    articles = Article.objects.published().select_related("author").defer("body_markdown")
    return get_object_or_404(articles, slug=slug)


def tags_of(article):
    """The article's tags, in Tag's order (by name)."""
    return list(article.tags.all())


def read_next_for(article, *, tags, limit=3):
    """Up to `limit` other published articles for "Read next", with their title, standfirst
    and slug: of the newest related ones, those sharing the most of `tags` (the article's,
    from tags_of()) first, then the newest."""
    others = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .only("slug", "title", "dek", "published_at")
        .order_by("-published_at", "-pk")
    )
    picks = []
    if tags:
        # Filtering on the tags before counting them counts only the shared ones.
        related = others.filter(tags__in=tags).annotate(shared_tags=Count("tags"))
        candidates = list(related[:RELATED_CANDIDATES])
        candidates.sort(key=lambda other: other.shared_tags, reverse=True)  # stable: newest first
        picks = candidates[:limit]
    if len(picks) < limit:
        picks += others.exclude(pk__in=[pick.pk for pick in picks])[: limit - len(picks)]
    return picks
