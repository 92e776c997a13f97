from django import forms

from breakingeven.addresses import validate_deliverable_address
from breakingeven.forms import ReaderForm, shows_nothing

from .models import BODY_MAX_LENGTH, EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, Comment

PARENT_GONE = "The comment you're replying to is no longer available."


class CommentForm(ReaderForm):
    """What a reader sends with a comment; services.comment_post makes the comment from it.

    Not a ModelForm: that would build and validate a Comment on every post only to leave it
    unused, and a reply's parent would be looked up a second time.
    """

    sent = "your comment"

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
        name = " ".join(self.cleaned_data["name"].split())
        if shows_nothing(name):
            raise forms.ValidationError(self.fields["name"].error_messages["required"])
        return name

    def clean_body(self):
        if shows_nothing(self.cleaned_data["body"]):
            raise forms.ValidationError(self.fields["body"].error_messages["required"])
        return self.cleaned_data["body"]

    def clean_email(self):
        # Reply emails go to this address: refuse one that mail cannot reach.
        validate_deliverable_address(self.cleaned_data["email"])
        # Lower-cased so that a returning commenter and the block list match without regard to case.
        return self.cleaned_data["email"].lower()

    @property
    def replying_to(self):
        """The comment this form replies to, if any, whether or not the form is valid."""
        if self.is_bound:
            return getattr(self, "cleaned_data", {}).get("parent")
        return self.initial.get("parent")
