from django import forms

from .models import Vote


class VoteForm(forms.Form):
    """A reader's answer to "Was this helpful?": the button pressed, and an optional note."""

    helpful = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda choice: choice == "yes",
        error_messages={
            "required": "Choose Yes or No.",
            "invalid_choice": "Choose Yes or No.",
        },
    )
    note = forms.CharField(
        label="What was missing?",
        required=False,
        max_length=Vote.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": "Please keep the note to %(limit_value)d characters "
            "(it has %(show_value)d).",
        },
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search articles",
        max_length=200,
        strip=True,
        error_messages={"max_length": "Please search with at most %(limit_value)d characters."},
    )
