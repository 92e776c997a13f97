"""The platforms each comment thread talks about, and its mood, for "What workers are
talking about"."""

from .models import Mention


def thread_moods(threads):
    """{thread id: [{"name", "url", "mood"}, …]} for the platforms each thread's first
    comment names, with the mood of that comment."""
    found = {}
    mentions = (
        Mention.objects.filter(comment__in=threads)
        .select_related("platform")
        .order_by("platform__name")
    )
    for mention in mentions:
        found.setdefault(mention.comment_id, []).append(
            {
                "name": mention.platform.name,
                "url": mention.platform.get_absolute_url(),
                "mood": mention.get_mood_display().lower(),
            }
        )
    return found
