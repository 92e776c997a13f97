import csv
import io

from django import forms
from django.core.exceptions import ValidationError

from breakingeven.addresses import validate_deliverable_address
from breakingeven.emails import HTML_LIMIT
from breakingeven.markup import MarkupTooDeep

from .emails import IssueContent
from .models import Issue, normalize_email

MAX_PAGE_LENGTH = 200


class SubscriberEmailField(forms.EmailField):
    """An email address in the one form the newsletter stores (see normalize_email), which
    mail can reach (see breakingeven.addresses)."""

    default_error_messages = {
        "invalid": "Enter a complete email address, like name@example.com.",
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return normalize_email(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        super().validate(value)
        validate_deliverable_address(value)


def local_path(value):
    """The page a signup came from, if it is a path on this site; never a URL elsewhere."""
    if value.startswith("/") and not value.startswith("//") and len(value) <= MAX_PAGE_LENGTH:
        return value
    return ""


class SignupForm(forms.Form):
    email = SubscriberEmailField(label="Email address", max_length=254)
    # Hidden from people by CSS; bots fill in every field they find.
    website = forms.CharField(required=False, label="Leave this empty")
    signup_page = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_signup_page(self):
        return local_path(self.cleaned_data["signup_page"])

    def is_bot(self):
        return bool(self.cleaned_data.get("website"))


class IssueForm(forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["subject", "body_markdown", "articles", "article_text"]
        widgets = {"article_text": forms.RadioSelect}

    def clean_subject(self):
        # A line break would end the Subject header: every delivery of the issue would fail.
        subject = self.cleaned_data["subject"]
        if any(char in subject for char in "\r\n"):
            raise ValidationError("Keep the subject on one line.", code="line_break")
        return subject

    def clean(self):
        cleaned = super().clean()
        if "body_markdown" not in self.fields:
            return cleaned  # a sent issue: read-only, its text was checked before it was sent
        if not cleaned.get("body_markdown", "").strip() and not cleaned.get("articles"):
            raise ValidationError("Write a body, choose articles to announce, or both.")
        if self.errors:
            return cleaned
        draft = Issue(
            subject=cleaned["subject"],
            body_markdown=cleaned["body_markdown"],
            article_text=cleaned["article_text"],
        )
        try:
            # Refused like an article's text when a directive names nothing: its notice would
            # go to every subscriber.
            problems = draft.render_body()
        except MarkupTooDeep as error:
            raise ValidationError({"body_markdown": str(error)}) from None
        if problems:
            raise ValidationError({"body_markdown": problems})
        size = len(IssueContent(draft, articles=cleaned["articles"]).preview_html().encode())
        if size > HTML_LIMIT:
            raise ValidationError(
                f"This email would be {size // 1024} KB; Gmail cuts off emails over "
                f"{HTML_LIMIT // 1024} KB and hides the rest, unsubscribe link included. Announce "
                "the articles as excerpts, or fewer of them, or shorten the body."
            )
        return cleaned


class SubscriberImportForm(forms.Form):
    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(
        label="CSV file",
        help_text=(
            "One address per row: a column headed 'email', or addresses in the first column. "
            "Only people who already agreed to receive the newsletter."
        ),
    )

    dry_run = forms.BooleanField(
        label="Dry run: only report what an import would change",
        required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError("The file is larger than 5 MB; split it into smaller files.")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The file is not UTF-8 text. Export it as CSV (UTF-8).") from None
        try:
            return list(csv.reader(io.StringIO(text)))
        except csv.Error as error:
            raise ValidationError(f"The file is not valid CSV: {error}") from None
