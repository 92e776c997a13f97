"""What an email address must be for the site's mail to reach it.

Django's EmailValidator accepts some addresses that mail cannot be sent to: quoted local parts
(which may hold spaces and control characters) and local parts longer than SMTP allows. Every
message to one would fail, in a background task, long after the form said all was well. It
also accepts addresses at an IP address (`a@[10.0.0.5]`) or at a name without a dot
(`a@localhost`), which would have the site's mail server deliver to a host the visitor chose,
and invisible formatting characters (a zero-width space, a right-to-left mark), which make
one address look like another.
"""

import unicodedata

from django.core.exceptions import ValidationError

# The longest local part (before "@") that SMTP servers must accept (RFC 5321).
MAX_LOCAL_PART = 64
INCOMPLETE = "Enter a complete email address, like name@example.com."


def validate_deliverable_address(value):
    """Refuse, with a message saying what to fix, an address the mail path cannot send to."""
    local, _, domain = value.rpartition("@")
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in value):
        raise ValidationError(INCOMPLETE, code="invalid")
    if '"' in local or "\\" in local:
        raise ValidationError(
            "Enter the address without quotation marks, like name@example.com.", code="quoted"
        )
    if len(local) > MAX_LOCAL_PART:
        raise ValidationError(
            f"The part before @ can be at most {MAX_LOCAL_PART} characters. "
            "Please check the address.",
            code="local_too_long",
        )
    if domain.startswith("[") or "." not in domain:
        raise ValidationError(INCOMPLETE, code="no_domain_name")
