"""What every reader's form without an account checks: a honeypot and a signed start time."""

import unicodedata

from django import forms
from django.core import signing

from comments.tokens import form_age

from . import pagecache

# Nobody reads a page and fills in a form in under three seconds; bots do.
MIN_FORM_SECONDS = 3
# A form left open longer than a day gets a fresh timestamp rather than trust.
MAX_FORM_SECONDS = 24 * 60 * 60

FORM_TOO_FAST = "That was very quick. Please check {sent} and send it again."
FORM_EXPIRED = "This form was open for more than a day. Please send {sent} again."
FORM_TAMPERED = "We couldn't verify this form. Please send {sent} again."


def shows_nothing(text):
    """Whether `text` is only spaces, controls and format characters (a zero-width space, a
    direction mark): str.strip() keeps the latter, yet they show nothing at all."""
    return all(char.isspace() or unicodedata.category(char) in ("Cc", "Cf") for char in text)


class ReaderForm(forms.Form):
    """A form readers send without signing in. Its template renders `website` (hidden by the
    .honeypot class) and `started` as `started_token`."""

    sent = "the form"  # what the reader sends, as the messages name it

    # The honeypot: hidden from people by CSS, but bots filling every field find it.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started"].error_messages["required"] = FORM_TAMPERED.format(sent=self.sent)

    def clean_started(self):
        try:
            age = form_age(self.cleaned_data["started"])
        except signing.BadSignature:
            raise forms.ValidationError(
                FORM_TAMPERED.format(sent=self.sent), code="tampered"
            ) from None
        if age < MIN_FORM_SECONDS:
            raise forms.ValidationError(FORM_TOO_FAST.format(sent=self.sent), code="too_fast")
        if age > MAX_FORM_SECONDS:
            raise forms.ValidationError(FORM_EXPIRED.format(sent=self.sent), code="expired")
        return self.cleaned_data["started"]

    @property
    def started_token(self):
        """The timestamp to render: the reader's own while it holds, otherwise a fresh one.

        Keeping the first timestamp means a reader told "too quick" can send again at once.
        """
        unusable = self.has_error("started", "tampered") or self.has_error("started", "expired")
        if self.is_bound and self.data.get("started") and not unusable:
            return self.data["started"]
        return pagecache.per_request("form-started")
