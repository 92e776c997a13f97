"""Signed values the comments app hands out, each signed with a salt of its own purpose."""

import time
from datetime import timedelta

from django.core import signing

FORM_STARTED_SALT = "comments.form-started"
STOP_REPLY_EMAILS_SALT = "comments.stop-reply-emails"
COMMENTER_SALT = "comments.commenter"
COMMENTER_COOKIE = "commenter"
COMMENTER_COOKIE_AGE = timedelta(days=365)
COMMENTS_REMEMBERED = 10


def form_started_token(*, at=None):
    """When a comment form was shown, signed so that a bot cannot pretend it waited."""
    return signing.dumps({"at": time.time() if at is None else at}, salt=FORM_STARTED_SALT)


def form_age(token):
    """Seconds since the form carrying `token` was shown; BadSignature if it was tampered with."""
    try:
        started = float(signing.loads(token, salt=FORM_STARTED_SALT)["at"])
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("Malformed form timestamp.") from error
    return time.time() - started


def stop_reply_emails_token(comment):
    """Goes in reply emails: lets the comment's author turn them off without an account."""
    return signing.dumps(comment.pk, salt=STOP_REPLY_EMAILS_SALT)


def comment_id_from_stop_token(token):
    """The comment a stop link was made for; BadSignature if the link was altered."""
    comment_id = signing.loads(token, salt=STOP_REPLY_EMAILS_SALT)
    if not isinstance(comment_id, int):
        raise signing.BadSignature("Malformed stop link.")
    return comment_id


def comments_posted_here(request):
    """The ids of the comments this browser posted, from its signed cookie (newest first)."""
    value = request.get_signed_cookie(
        COMMENTER_COOKIE, default="", salt=COMMENTER_SALT, max_age=COMMENTER_COOKIE_AGE
    )
    return [int(pk) for pk in value.split(",") if pk.isdigit()]


def remember_comment(response, *, request, comment):
    """Add `comment` to the browser's signed list of the comments it posted.

    The list is the proof that the same person is posting again: a comment is published at
    once only when one posted from this browser with the same address was approved. Typing
    an address proves nothing, since anyone can type anyone's.
    """
    posted = [comment.pk, *comments_posted_here(request)][:COMMENTS_REMEMBERED]
    response.set_signed_cookie(
        COMMENTER_COOKIE,
        ",".join(map(str, posted)),
        salt=COMMENTER_SALT,
        max_age=COMMENTER_COOKIE_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
