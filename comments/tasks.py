"""Emails about comments, sent in the background so that nobody waits for a mail server.

Each task reloads the comments and checks that the email still makes sense: moderation or a
"stop" link may have come between enqueuing and running.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from breakingeven.emails import site_email
from breakingeven.links import absolute_url
from newsletter.models import deliverable
from newsletter.services import message_send

from .models import Comment
from .tokens import stop_reply_emails_token

# Held comments come in bursts (a busy thread, a bot). Where the task queue can run a task
# later, a burst makes one email, sent NOTICE_GAP after its first comment and listing what waits
# by then; without that (the immediate backend of development and tests) each comment makes one.
NOTICE_GAP = timedelta(minutes=5)
NOTICE_QUEUED_KEY = "comments:moderation-notice-queued"
NOTICE_LISTS_AT_MOST = 20


def moderation_notice_due():
    """A comment was held: make sure a notice to the editors is on its way."""
    if not send_moderation_notice.get_backend().supports_defer:
        send_moderation_notice.enqueue()
        return
    # While the key exists a queued notice is still to come, and it will list this comment
    # too: the notice deletes the key before it reads the queue. The key's own lifetime only
    # matters if that notice never runs (a stopped worker).
    if not cache.add(NOTICE_QUEUED_KEY, True, timeout=int(2 * NOTICE_GAP.total_seconds())):
        return
    try:
        send_moderation_notice.using(run_after=timezone.now() + NOTICE_GAP).enqueue()
    except Exception:
        cache.delete(NOTICE_QUEUED_KEY)  # none is coming: the next held comment tries again
        raise


@task
def send_moderation_notice(comment_id=None):
    """Tell the editors (MANAGERS) which comments await moderation (held, or reported by
    readers), newest first.

    `comment_id` is ignored: notices queued by earlier versions of the site name one comment,
    and this lists every comment that waits.
    """
    # Comments held from now on queue a notice of their own.
    cache.delete(NOTICE_QUEUED_KEY)
    editors = deliverable(settings.MANAGERS)
    if not editors:
        return
    waiting = Comment.objects.awaiting_editor()
    newest = list(
        waiting.annotate(open_reports=Count("reports", filter=Q(reports__decided_at=None)))
        .select_related("article")
        .defer("article__body_markdown", "article__body_html")
        .order_by("-created_at", "-pk")[:NOTICE_LISTS_AT_MOST]
    )
    if not newest:  # editors got there first
        return
    total = waiting.count() if len(newest) == NOTICE_LISTS_AT_MOST else len(newest)
    context = {
        "comments": [
            {
                "comment": comment,
                "article_url": absolute_url(comment.article.get_absolute_url()),
                "review_url": absolute_url(
                    reverse("admin:comments_comment_change", args=[comment.pk])
                ),
            }
            for comment in newest
        ],
        "total": total,
        "more": total - len(newest),
        "queue_url": absolute_url(reverse("admin:comments_comment_queue")),
    }
    if total == 1:
        subject = f"Comment awaiting moderation on “{newest[0].article.title}”"
    else:
        subject = f"{total} comments awaiting moderation"
    # Not mail_managers(): its "[Django]" subject prefix means nothing to an editor.
    message_send(
        site_email(
            "comments/email/awaiting_moderation", subject=subject, to=editors, context=context
        )
    )


@task
def send_reply_notice(reply_id):
    """Tell a commenter who asked for it that their comment has an approved reply."""
    reply = Comment.objects.select_related("parent", "article").filter(pk=reply_id).first()
    if reply is None or reply.status != Comment.Status.APPROVED or reply.parent is None:
        return
    parent = reply.parent
    # They may have used a stop link meanwhile, or their address bounced.
    if not parent.wants_email_about(reply) or not deliverable([parent.email]):
        return
    stop_url = absolute_url(
        reverse("comments:stop_reply_emails", args=[stop_reply_emails_token(parent)])
    )
    context = {
        "reply": reply,
        "parent": parent,
        "article": reply.article,
        "article_url": absolute_url(reply.article.get_absolute_url()),
        "reply_url": absolute_url(reply.get_absolute_url()),
        "stop_url": stop_url,
    }
    message = site_email(
        "comments/email/reply",
        # Quoted: the name is the replier's own words, not the site's.
        subject=f"“{reply.name}” replied to your comment on “{reply.article.title}”",
        to=[parent.email],
        context=context,
        headers={
            # Lets mail programs offer their own one-click "unsubscribe" (RFC 8058).
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message_send(message)
