"""Signed tokens for the links in newsletter emails (django.core.signing, one salt per purpose).

A token carries only the subscriber's id; the signature makes it unguessable.
"""

from datetime import timedelta

from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)

BadToken = signing.BadSignature
ExpiredToken = signing.SignatureExpired


def confirm_token(subscriber):
    return signing.dumps(subscriber.pk, salt=CONFIRM_SALT)


def subscriber_id_from_confirm_token(token):
    """Raise ExpiredToken after 7 days, BadToken when tampered with."""
    return signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


def subscriber_id_from_expired_confirm_token(token):
    """Who an expired link was for, so the page can offer a new email to that address."""
    return signing.loads(token, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber):
    # No expiry: an unsubscribe link in a years-old email must still work.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber.pk))


def subscriber_id_from_unsubscribe_token(token):
    return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
