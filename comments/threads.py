"""The site-wide list of recently active threads, behind "What workers are talking about".

Every page shows the list, so it is kept in the shared cache under the page cache's site-wide
version: moderation, and any edit to an article, moves that version on, so the list is never
stale. The cached entries hold only what readers may see: never an email.
"""

from django.utils.text import Truncator

from breakingeven import pagecache
from platforms.threads import thread_moods

from .models import Comment

LIMIT = 30
EXCERPT_CHARS = 140


def _summaries():
    threads = list(Comment.objects.recently_active_threads()[:LIMIT])
    moods = thread_moods(threads)
    return [
        {
            "url": thread.get_absolute_url(),
            "name": thread.name,
            "is_author": thread.is_author,
            "excerpt": Truncator(" ".join(thread.body.split())).chars(EXCERPT_CHARS),
            "article_title": thread.article.title,
            "active_at": thread.active_at,
            "reply_count": thread.reply_count,
            "platforms": moods.get(thread.pk, []),
        }
        for thread in threads
    ]


def recent_threads():
    """The most recently active approved threads across the site, latest first."""
    return pagecache.cached("comments:recent-threads", _summaries)
