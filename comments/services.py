"""The comment workflows that cross models and have side effects: posting, moderating, erasing."""

from collections import Counter
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.models import Article
from breakingeven import pagecache, ratelimit
from platforms.services import comment_mentions_replace, comments_mentions_record

from .models import ERASED_NAME, Comment, Report
from .spam import spam_signals
from .tasks import moderation_notice_due, send_reply_notice
from .text import find_links

# Sending the same text twice within a day is a double click or a bot, never a new thought.
DUPLICATE_WINDOW = timedelta(days=1)


class CommentRefused(Exception):
    """A comment that is not saved at all; the message tells the reader why."""


class RateLimited(CommentRefused):
    pass


class DuplicateComment(CommentRefused):
    pass


def writes_as_author(*, article, user):
    """Staff, and the article's own author, write with the "Author" badge when signed in."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_staff or article.author.user_id == user.pk


def link_hosts(links):
    return {urlsplit(link if "//" in link else f"//{link}").hostname or "" for link in links}


def comment_verdict(*, name, body, links, honeypot, trusted, sent_from_here, signals):
    """The status a new comment gets, and why it is not approved at once."""
    Status = Comment.Status
    if honeypot:
        return Status.SPAM, "Filled in the hidden honeypot field."
    if entry := signals.tripped_entry(f"{name}\n{body}"):
        return Status.SPAM, f"Block list: {entry}."
    if len(links) >= 2:
        return Status.PENDING, f"Has {len(links)} links."
    if trusted:
        return Status.APPROVED, ""
    if not settings.COMMENTS_AUTO_APPROVE_RETURNING:
        return Status.PENDING, "Every comment is reviewed (automatic approval is off)."
    if not signals.returning:
        return Status.PENDING, "No earlier approved comment from this address."
    if not sent_from_here:
        return Status.PENDING, "This address has approved comments, but none sent from here."
    if links:
        return Status.PENDING, "Returning commenter, but the comment has a link."
    return Status.APPROVED, ""


def comment_post(
    *,
    article,
    name,
    email,
    body,
    parent=None,
    notify_on_reply=False,
    honeypot="",
    visitor,
    user=None,
    posted_here=(),
):
    """Save a reader's comment with the status the spam checks give it; notify who needs it.

    `visitor` is the keyed hash of the reader's address (ratelimit.visitor_hash), and
    `posted_here` the comments the reader's browser sent before (tokens.comments_posted_here):
    only an approved one of those, with the same address, makes them a returning commenter.
    Raises RateLimited or DuplicateComment when the comment is not saved.
    """
    if parent is not None and parent.article_id != article.pk:
        raise ValueError("A reply belongs to the same article as its parent.")
    if parent is not None and parent.parent_id is not None:
        parent = parent.parent  # threads are one level deep: a reply joins the first comment
    trusted = writes_as_author(article=article, user=user)
    if not trusted and not ratelimit.hit("comment", visitor):
        raise RateLimited(
            "You've sent several comments in the last few minutes. Please wait a little and "
            "send this one again; what you wrote is kept below."
        )
    # A name is shown beside the comment and sent in reply emails: a link there counts too.
    links = find_links(name) + find_links(body)
    since = timezone.now() - DUPLICATE_WINDOW
    signals = spam_signals(
        body=body, email=email, ip_hash=visitor, since=since, hosts=link_hosts(links)
    )
    duplicate = signals.duplicate
    if duplicate and trusted:
        # The site's own writers answer many readers alike ("Thanks, fixed."): for them only
        # the same text in the same thread is a double click.
        duplicate = Comment.objects.filter(
            article=article, parent=parent, email=email, body=body, created_at__gte=since
        ).exists()
    if duplicate:
        raise DuplicateComment(
            "You've already sent this comment. It appears once an editor approves it."
        )
    # The address has approved comments; only one sent from this browser shows that the
    # same person is writing again, not someone who typed their address.
    sent_from_here = (
        signals.returning
        and Comment.objects.approved().filter(pk__in=posted_here, email=email).exists()
    )
    status, held_reason = comment_verdict(
        name=name,
        body=body,
        links=links,
        honeypot=honeypot,
        trusted=trusted,
        sent_from_here=sent_from_here,
        signals=signals,
    )
    comment = Comment(
        article=article,
        parent=parent,
        name=name,
        email=email,
        body=body,
        notify_on_reply=notify_on_reply,
        is_author=trusted,
        ip_hash=visitor,
        held_reason=held_reason,
        # Approval goes through comments_moderate, the one place that keeps the counts.
        status=Comment.Status.PENDING if status == Comment.Status.APPROVED else status,
    )
    if status == Comment.Status.APPROVED:
        with transaction.atomic():
            comment.save()
            comments_moderate(comments=[comment], status=status)
            comment.refresh_from_db(fields=["status", "approved_at"])
        return comment
    # Held or spam: one INSERT, atomic by itself, so no transaction of its own.
    comment.save()
    if status == Comment.Status.PENDING:
        # Robust: the comment is saved whatever becomes of its notice.
        transaction.on_commit(moderation_notice_due, robust=True)
    return comment


def _visible_per_article(comments, status_of):
    """How many of `comments` (whole threads) readers see, per article, under `status_of`."""
    approved = Comment.Status.APPROVED
    return Counter(
        comment.article_id
        for comment in comments.values()
        if status_of(comment) == approved
        and (comment.parent_id is None or status_of(comments[comment.parent_id]) == approved)
    )


def comments_moderate(*, comments, status, only_from=None):
    """Move `comments` to `status`, keeping Article.comment_count exact; return how many changed.

    With `only_from`, only comments still in that status move: what another editor has
    decided meanwhile stays decided.

    A reply is visible only while its thread's first comment is approved, so approving or
    removing a first comment shows or hides its approved replies too. A reply approved for the
    first time tells its parent's author, if they asked.
    """
    ids = [comment.pk for comment in comments]
    now = timezone.now()
    with transaction.atomic():
        thread_ids = {
            parent_id or pk
            for pk, parent_id in Comment.objects.filter(pk__in=ids).values_list("pk", "parent_id")
        }
        # Locking whole threads, in a fixed order, keeps two editors' counts from crossing.
        threads = {
            comment.pk: comment
            for comment in Comment.objects.select_for_update()
            .filter(Q(pk__in=thread_ids) | Q(parent__in=thread_ids))
            .only("article_id", "parent_id", "status", "approved_at", "email", "notify_on_reply")
            .order_by("pk")
        }
        changing = {
            pk
            for pk in ids
            if pk in threads
            and threads[pk].status != status
            and only_from in (None, threads[pk].status)
        }
        if not changing:
            return 0
        before = _visible_per_article(threads, lambda comment: comment.status)
        after = _visible_per_article(
            threads, lambda comment: status if comment.pk in changing else comment.status
        )
        Comment.objects.filter(pk__in=changing).update(status=status)
        if status == Comment.Status.APPROVED:
            first_approvals = [pk for pk in changing if threads[pk].approved_at is None]
            Comment.objects.filter(pk__in=first_approvals).update(approved_at=now)
            comments_mentions_record(
                comments=Comment.objects.filter(pk__in=first_approvals), said_at=now
            )
            for pk in first_approvals:
                parent = threads.get(threads[pk].parent_id)
                if parent is not None and parent.wants_email_about(threads[pk]):
                    transaction.on_commit(partial(send_reply_notice.enqueue, pk))
        for article_id in before.keys() | after.keys():
            if delta := after[article_id] - before[article_id]:
                Article.objects.filter(pk=article_id).update(
                    comment_count=F("comment_count") + delta
                )
        # Article pages, lists and the threads box show approved comments and their counts.
        pagecache.changed()
    return len(changing)


# What an editor may correct; the status changes only through comments_moderate.
EDITABLE_FIELDS = ["name", "email", "body", "notify_on_reply"]


def comment_update(*, comment, status):
    """Save an editor's corrections to `comment`, then move it to `status`.

    Corrected text changes the platforms the comment counts towards, and their mood.
    """
    with transaction.atomic():
        # Locked, so that the text compared is the one this save replaces.
        stored_body = (
            Comment.objects.select_for_update().values_list("body", flat=True).get(pk=comment.pk)
        )
        comment.save(update_fields=EDITABLE_FIELDS)
        if comment.body != stored_body:
            comment_mentions_replace(comment=comment)
        comments_moderate(comments=[comment], status=status)
        # The text may have changed even if the status did not.
        pagecache.changed()


def comments_delete(*, comments):
    """Delete `comments` (and their replies) for good, taking them out of the counts first."""
    ids = [comment.pk for comment in comments]
    with transaction.atomic():
        comments_moderate(comments=comments, status=Comment.Status.REMOVED)
        Comment.objects.filter(pk__in=ids).delete()


def commenters_erase(*, comments, remove_text=False):
    """Erase the personal data of whoever wrote `comments`, in every comment from their address.

    Name, address, visitor hash and reply emails go. The text stays, under ERASED_NAME, unless
    `remove_text`: then the comments are removed from the site and their text deleted too.
    Returns how many comments were erased.
    """
    with transaction.atomic():
        theirs = Comment.objects.filter(pk__in=[c.pk for c in comments]).by_same_commenters()
        ids = list(theirs.values_list("pk", flat=True))
        if remove_text:
            # Through moderation, so that the article counts stay exact.
            comments_moderate(comments=theirs, status=Comment.Status.REMOVED)
            Comment.objects.filter(pk__in=ids).update(body="", body_html="", link_count=0)
        Comment.objects.filter(pk__in=ids).update(
            name=ERASED_NAME, email="", ip_hash="", notify_on_reply=False
        )
        # Article pages show the names.
        pagecache.changed()
    return len(ids)


def comments_pin(*, comments, pinned=True):
    """Pin approved first comments of threads on their articles (or unpin); return how many.

    Replies are shown inside their thread, so only a thread's first comment can be pinned.
    """
    ids = [comment.pk for comment in comments]
    threads = Comment.objects.filter(pk__in=ids, parent=None)
    if pinned:
        changed = threads.approved().filter(pinned_at=None).update(pinned_at=timezone.now())
    else:
        changed = threads.exclude(pinned_at=None).update(pinned_at=None)
    pagecache.changed()
    return changed


def comment_report(*, comment, reason, visitor):
    """Record a reader's report of a published comment and tell the editors.

    Once settings.COMMENTS_REPORTS_TO_HIDE readers have reported it since an editor last
    decided on it, the comment is hidden and held until an editor decides again. Returns
    False, counting nothing, if this visitor had already reported the comment.
    """
    with transaction.atomic():
        _, created = Report.objects.get_or_create(
            comment=comment, visitor=visitor, defaults={"reason": reason}
        )
        if not created:
            return False
        reporters = comment.reports.open().count()
        if reporters >= settings.COMMENTS_REPORTS_TO_HIDE and comments_moderate(
            comments=[comment], status=Comment.Status.PENDING, only_from=Comment.Status.APPROVED
        ):
            Comment.objects.filter(pk=comment.pk).update(
                held_reason=f"Hidden after reports from {reporters} readers."
            )
        transaction.on_commit(moderation_notice_due, robust=True)
    return True
