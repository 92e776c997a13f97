from django import forms
from django.core import signing

from breakingeven.addresses import validate_deliverable_address

from .models import BODY_MAX_LENGTH, EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, Comment
from .tokens import form_age, form_started_token

# Nobody reads an article and writes a comment in under three seconds; bots do.
MIN_FORM_SECONDS = 3
# A form left open longer than a day gets a fresh timestamp rather than trust.
MAX_FORM_SECONDS = 24 * 60 * 60

FORM_TOO_FAST = "That was very quick. Please check your comment and send it again."
FORM_EXPIRED = "This form was open for more than a day. Please send your comment again."
FORM_TAMPERED = "We couldn't verify this form. Please send your comment again."
PARENT_GONE = "The comment you're replying to is no longer available."


class CommentForm(forms.Form):
    """What a reader sends with a comment; services.comment_post makes the comment from it.

    Not a ModelForm: that would build and validate a Comment on every post only to leave it
    unused, and a reply's parent would be looked up a second time.
    """

    name = forms.CharField(
        max_length=NAME_MAX_LENGTH,
        help_text="Shown with your comment.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": "Please enter your name.",
            "max_length": f"Please keep your name under {NAME_MAX_LENGTH} characters.",
        },
    )
    email = forms.EmailField(
        max_length=EMAIL_MAX_LENGTH,
        label="Email",
        help_text="Your email won't be published.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please enter a valid email address, like name@example.com.",
            "max_length": "That email address is too long.",
        },
    )
    body = forms.CharField(
        max_length=BODY_MAX_LENGTH,
        label="Comment",
        # No maxlength attribute (see __init__): a browser would silently cut a long paste,
        # and the reader would rather hear how much is too much.
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={
            "required": "Please write your comment.",
            "max_length": (
                f"Please keep your comment under {BODY_MAX_LENGTH:,} characters "
                "(it has %(show_value)s)."
            ),
        },
    )
    notify_on_reply = forms.BooleanField(required=False, label="Email me when someone replies")
    parent = forms.ModelChoiceField(
        queryset=None,  # set by __init__ when a reply is posted
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": PARENT_GONE},
    )
    # The honeypot: hidden from people by CSS, but bots filling every field find it.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, error_messages={"required": FORM_TAMPERED})

    def __init__(self, *args, article, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # Only a posted reply is looked up; most comments start a thread.
        if self["parent"].data:
            self.fields["parent"].queryset = (
                Comment.objects.visible().filter(article=article).select_related("parent")
            )
        self.fields["body"].widget.attrs.pop("maxlength", None)

    def clean_name(self):
        # One line, single spaces: a name also goes into email subjects.
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self):
        # Reply emails go to this address: refuse one that mail cannot reach.
        validate_deliverable_address(self.cleaned_data["email"])
        # Lower-cased so that a returning commenter and the block list match without regard to case.
        return self.cleaned_data["email"].lower()

    def clean_started(self):
        try:
            age = form_age(self.cleaned_data["started"])
        except signing.BadSignature:
            raise forms.ValidationError(FORM_TAMPERED, code="tampered") from None
        if age < MIN_FORM_SECONDS:
            raise forms.ValidationError(FORM_TOO_FAST, code="too_fast")
        if age > MAX_FORM_SECONDS:
            raise forms.ValidationError(FORM_EXPIRED, code="expired")
        return self.cleaned_data["started"]

    @property
    def started_token(self):
        """The timestamp to render: the reader's own while it holds, otherwise a fresh one.

        Keeping the first timestamp means a reader told "too quick" can send again at once.
        """
        unusable = self.has_error("started", "tampered") or self.has_error("started", "expired")
        if self.is_bound and self.data.get("started") and not unusable:
            return self.data["started"]
        return form_started_token()

    @property
    def replying_to(self):
        """The comment this form replies to, if any, whether or not the form is valid."""
        if self.is_bound:
            return getattr(self, "cleaned_data", {}).get("parent")
        return self.initial.get("parent")
