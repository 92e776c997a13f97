"""The site-wide list of recently active threads, behind "What workers are talking about".

Every page shows the list, so it is kept in the shared cache and forgotten whenever moderation
changes what readers may see. The cached entries hold only what readers may see: never an email.
"""

from django.core.cache import cache
from django.utils.text import Truncator

from .models import Comment

CACHE_KEY = "comments:recent-threads"
# A backstop only: moderation forgets the list at once.
CACHE_SECONDS = 10 * 60
LIMIT = 30
EXCERPT_CHARS = 140


def _summaries():
    return [
        {
            "url": thread.get_absolute_url(),
            "name": thread.name,
            "is_author": thread.is_author,
            "excerpt": Truncator(" ".join(thread.body.split())).chars(EXCERPT_CHARS),
            "article_title": thread.article.title,
            "active_at": thread.active_at,
            "reply_count": thread.reply_count,
        }
        for thread in Comment.objects.recently_active_threads()[:LIMIT]
    ]


def recent_threads():
    """The most recently active approved threads across the site, latest first."""
    return cache.get_or_set(CACHE_KEY, _summaries, CACHE_SECONDS)


def forget_recent_threads():
    cache.delete(CACHE_KEY)
