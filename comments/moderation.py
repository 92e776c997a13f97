"""The moderation queue in the admin: what it shows of each held comment, and its decisions.

Each decision names the status the editor saw. A comment that another editor (or a second
click) has moved on since is left as it is, and the editor is told so.
"""

from collections import Counter
from datetime import timedelta

from django import forms
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from . import services
from .models import BODY_MAX_LENGTH, BlockListEntry, Comment


class Decision(forms.Form):
    """One button of the queue, on one comment, with the status the editor saw it in."""

    class Choice(models.TextChoices):
        APPROVE = "approve"
        SPAM = "spam"
        REMOVE = "remove"
        REPLY = "reply", "Approve and reply"
        BLOCK = "block", "Block and mark as spam"

    STATUS_FOR = {
        Choice.APPROVE: Comment.Status.APPROVED,
        Choice.SPAM: Comment.Status.SPAM,
        Choice.REMOVE: Comment.Status.REMOVED,
        Choice.REPLY: Comment.Status.APPROVED,
        Choice.BLOCK: Comment.Status.SPAM,
    }

    decision = forms.ChoiceField(choices=Choice)
    seen = forms.ChoiceField(choices=Comment.Status.choices)
    reply = forms.CharField(required=False, max_length=BODY_MAX_LENGTH, strip=True)
    block = forms.ChoiceField(
        required=False,
        choices=[
            (BlockListEntry.Kind.ADDRESS, "Their email address"),
            (BlockListEntry.Kind.VISITOR, "Their visitor hash"),
        ],
    )
    block_days = forms.TypedChoiceField(
        required=False,
        choices=[("7", "7 days"), ("30", "30 days"), ("", "For ever")],
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, comment, **kwargs):
        super().__init__(*args, **kwargs)
        self.comment = comment

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == self.Choice.REPLY and not data.get("reply"):
            self.add_error("reply", "Write the reply first.")
        if decision == self.Choice.BLOCK:
            if not data.get("block"):
                self.add_error("block", "Choose what to block: the address or the visitor.")
            elif not block_value(self.comment, data["block"]):
                # Erased, or older than the visitor hashes are kept.
                self.add_error("block", "This comment no longer has that to block.")
        return data


def block_value(comment, kind):
    if kind == BlockListEntry.Kind.ADDRESS:
        return comment.email.lower()
    return comment.ip_hash


class AlreadyDecided(Exception):
    """The comment is no longer in the status the editor saw: nothing was done."""


def decide(*, comment, decision, user):
    """Carry out a valid Decision on `comment`; return the reply posted, if any.

    Raises AlreadyDecided if the comment has moved on since the editor saw it (decided
    elsewhere, or a second click), and services.CommentRefused if the reply cannot be posted;
    nothing changes then.
    """
    data = decision.cleaned_data
    choice, seen = data["decision"], data["seen"]
    status = Decision.STATUS_FOR[choice]
    with transaction.atomic():
        moved = services.comments_moderate(comments=[comment], status=status, only_from=seen)
        if not moved:
            # Either it already was where the editor wants it (a reply to an approved
            # comment), or it is no longer what the editor saw.
            comment.refresh_from_db(fields=["status"])
            if comment.status != seen:
                raise AlreadyDecided
        comment.reports.answer()
        if choice == Decision.Choice.BLOCK:
            days = data["block_days"]
            BlockListEntry.objects.update_or_create(
                kind=data["block"],
                value=block_value(comment, data["block"]),
                defaults={
                    "expires_at": timezone.now() + timedelta(days=days) if days else None,
                    "note": f"Blocked from the moderation queue (comment {comment.pk}).",
                },
            )
        if choice == Decision.Choice.REPLY:
            return services.comment_post(
                article=comment.article,
                parent=comment,
                name=comment.article.author.name,
                email=user.email,
                body=data["reply"],
                visitor="",
                user=user,
            )
    return None


def commenter_history(comments):
    """For each comment, how the other comments from its address and its visitor fared.

    Returns {comment pk: {"address": Counter of statuses, "visitor": Counter}}, from two
    queries whatever the number of comments.
    """
    emails = {c.email.lower() for c in comments if c.email}
    hashes = {c.ip_hash for c in comments if c.ip_hash}
    ids = [c.pk for c in comments]
    by_address, by_visitor = Counter(), Counter()
    earlier = Comment.objects.exclude(pk__in=ids)
    for email, status in (
        earlier.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .values_list("email_lower", "status")
    ):
        by_address[email, status] += 1
    for ip_hash, status in earlier.filter(Q(ip_hash__in=hashes)).values_list("ip_hash", "status"):
        by_visitor[ip_hash, status] += 1
    return {
        c.pk: {
            "address": {s: by_address[c.email.lower(), s] for s in Comment.Status.values},
            "visitor": {s: by_visitor[c.ip_hash, s] for s in Comment.Status.values}
            if c.ip_hash
            else None,
        }
        for c in comments
    }
