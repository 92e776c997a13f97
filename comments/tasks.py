"""Emails about comments, sent in the background so that nobody waits for a mail server.

Each task reloads the comment and checks that the email still makes sense: moderation or a
"stop" link may have come between enqueuing and running.
"""

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Comment
from .tokens import stop_reply_emails_token


def absolute(path):
    return f"{settings.SITE_URL}{path}"


@task
def send_moderation_notice(comment_id):
    """Tell the editors (MANAGERS) that a comment awaits moderation."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PENDING or not settings.MANAGERS:
        return
    context = {
        "comment": comment,
        "article_url": absolute(comment.article.get_absolute_url()),
        "review_url": absolute(reverse("admin:comments_comment_change", args=[comment.pk])),
        "queue_url": absolute(reverse("admin:comments_comment_changelist") + "?status=pending"),
    }
    # Not mail_managers(): its "[Django]" subject prefix means nothing to an editor.
    EmailMessage(
        subject=f"Comment awaiting moderation on “{comment.article.title}”",
        body=render_to_string("comments/email/awaiting_moderation.txt", context),
        to=settings.MANAGERS,
    ).send()


@task
def send_reply_notice(reply_id):
    """Tell a commenter who asked for it that their comment has an approved reply."""
    reply = Comment.objects.select_related("parent", "article").filter(pk=reply_id).first()
    if reply is None or reply.status != Comment.Status.APPROVED or reply.parent is None:
        return
    parent = reply.parent
    if not parent.wants_email_about(reply):  # they may have used a stop link meanwhile
        return
    stop_url = absolute(
        reverse("comments:stop_reply_emails", args=[stop_reply_emails_token(parent)])
    )
    context = {
        "reply": reply,
        "parent": parent,
        "article": reply.article,
        "reply_url": absolute(reply.get_absolute_url()),
        "stop_url": stop_url,
    }
    message = EmailMultiAlternatives(
        subject=f"{reply.name} replied to your comment on “{reply.article.title}”",
        body=render_to_string("comments/email/reply.txt", context),
        to=[parent.email],
        headers={
            # Lets mail programs offer their own one-click "unsubscribe" (RFC 8058).
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("comments/email/reply.html", context), "text/html")
    message.send()
