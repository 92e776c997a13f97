"""Signed values the comments app hands out, each signed with a salt of its own purpose."""

import time

from django.core import signing

FORM_STARTED_SALT = "comments.form-started"
STOP_REPLY_EMAILS_SALT = "comments.stop-reply-emails"


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
