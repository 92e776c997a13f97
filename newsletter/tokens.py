"""Signed tokens for the links in newsletter emails (django.core.signing, one salt per purpose).

A token carries the subscriber's id (and a confirmation link, when it was sent); the signature
makes it unguessable.
"""

import time
from datetime import UTC, datetime, timedelta

from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)

BadToken = signing.BadSignature
ExpiredToken = signing.SignatureExpired


def confirm_token(subscriber):
    # When it was sent: an unsubscribe after that voids the link (Subscriber.confirmable_by).
    return signing.dumps({"id": subscriber.pk, "sent": time.time()}, salt=CONFIRM_SALT)


def confirm_link(token):
    """(subscriber id, when the link was sent); ExpiredToken after 7 days, BadToken if altered.

    Links sent before they carried their time give None.
    """
    return _confirm_link(signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE))


def expired_confirm_link(token):
    """Who an expired link was for, so the page can offer a new email to that address."""
    return _confirm_link(signing.loads(token, salt=CONFIRM_SALT))


def _confirm_link(payload):
    if isinstance(payload, int):
        return payload, None
    try:
        return int(payload["id"]), datetime.fromtimestamp(float(payload["sent"]), UTC)
    except (KeyError, TypeError, ValueError) as error:
        raise BadToken("Malformed confirmation link.") from error


def unsubscribe_token(subscriber):
    # No expiry: an unsubscribe link in a years-old email must still work.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber.pk))


def subscriber_id_from_unsubscribe_token(token):
    return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
