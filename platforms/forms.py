from decimal import Decimal

from django import forms
from django.utils import timezone

from breakingeven.forms import ReaderForm, shows_nothing

from .models import NOTE_MAX_LENGTH, PAY_MAX, CredentialLevel, PayReport, Platform, TaskType
from .services import currencies, usd_rate

PAY_TOO_HIGH = f"That's over {PAY_MAX:,} US dollars an hour; please check the figure."


def choose(what):
    return {
        "required": f"Please choose {what}.",
        "invalid_choice": f"Please choose {what} from the list.",
    }


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self):
        super().__init__(format="%Y-%m")


class PayReportForm(ReaderForm):
    """What a reader sends about a week's pay; services.report_submit saves it, held."""

    sent = "your report"

    platform = forms.ModelChoiceField(
        Platform.objects.all(), empty_label="Choose…", error_messages=choose("a platform")
    )
    task_type = forms.ModelChoiceField(
        TaskType.objects.all(), empty_label="Choose…", error_messages=choose("a task type")
    )
    credential = forms.ModelChoiceField(
        CredentialLevel.objects.all(),
        label="Credential level",
        empty_label="Choose…",
        help_text="The qualification the work asked for.",
        error_messages=choose("a credential level"),
    )
    hourly_pay = forms.DecimalField(
        label="Hourly pay",
        min_value=0,
        # What the column holds; clean() compares the figure in dollars with PAY_MAX.
        max_value=Decimal("99999999.99"),
        # No max_digits: the maximum and the decimals bound the digits, and each limit of
        # its own would add a second, misleading message ("1.001" is not "over 1,000").
        decimal_places=2,
        help_text="Before tax, for the hours you worked.",
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        error_messages={
            "required": "Please enter what you earned an hour.",
            "invalid": "Please enter the hourly pay as a number, like 24.50.",
            "min_value": "Hourly pay can't be negative.",
            "max_value": PAY_TOO_HIGH,
            "max_decimal_places": "Please give at most two decimals (cents).",
        },
    )
    currency = forms.ChoiceField(
        error_messages={
            "required": "Please choose a currency.",
            "invalid_choice": "We can't convert that currency yet; please choose one from "
            "the list.",
        }
    )
    hours_last_week = forms.DecimalField(
        label="Hours worked in the last week",
        min_value=0,
        max_value=168,
        decimal_places=1,  # no max_digits, as for the pay
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        error_messages={
            "required": "Please enter how many hours you worked last week (0 is fine).",
            "invalid": "Please enter the hours as a number, like 12.5.",
            "min_value": "Hours can't be negative.",
            "max_value": "A week has 168 hours; please check the figure.",
            "max_decimal_places": "Please round the hours to one decimal.",
        },
    )
    month = forms.DateField(
        label="Month of the work",
        input_formats=["%Y-%m"],
        widget=MonthInput(),
        help_text="As year and month, e.g. 2026-11.",
        error_messages={
            "required": "Please give the month of the work.",
            "invalid": "Please give the month as year and month, like 2026-11.",
        },
    )
    payment = forms.ChoiceField(
        label="Did the payment arrive?",
        choices=PayReport.Payment.choices,
        widget=forms.RadioSelect,
        error_messages=choose("whether the payment arrived"),
    )
    work = forms.ChoiceField(
        label="How much work was available?",
        choices=PayReport.Work.choices,
        widget=forms.RadioSelect,
        error_messages=choose("how much work there was"),
    )
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX_LENGTH,
        label="A short note (optional)",
        help_text="Shown after approval, on its own: never with your figures.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": (
                f"Please keep the note under {NOTE_MAX_LENGTH} characters (it has %(show_value)s)."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [(code, code) for code in currencies()]
        # As with comments: say how long is too long rather than cut a paste short.
        self.fields["note"].widget.attrs.pop("maxlength", None)

    def clean_month(self):
        month = self.cleaned_data["month"].replace(day=1)
        today = timezone.localdate()
        if month > today:
            raise forms.ValidationError("That month hasn't happened yet.")
        if (today.year - month.year) * 12 + today.month - month.month > 24:
            raise forms.ValidationError("Please report work from the last two years.")
        return month

    def clean_note(self):
        # A note of zero-width spaces would show as an empty item and count as a neutral mood.
        note = self.cleaned_data["note"]
        return "" if shows_nothing(note) else note

    def clean(self):
        cleaned = super().clean()
        pay, currency, month = (cleaned.get(name) for name in ("hourly_pay", "currency", "month"))
        if pay is not None and currency and month:
            rate = usd_rate(currency=currency, month=month)
            if rate is not None and pay * rate > PAY_MAX:
                self.add_error("hourly_pay", PAY_TOO_HIGH)
        return cleaned

    def report_fields(self):
        """The cleaned values, as PayReport's fields."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "platform",
                "task_type",
                "credential",
                "hourly_pay",
                "currency",
                "hours_last_week",
                "month",
                "payment",
                "work",
                "note",
            )
        }


class PayFilterForm(forms.Form):
    """The /pay/ table's filters, sent by GET; an unknown value filters nothing."""

    task_type = forms.ModelChoiceField(
        TaskType.objects.all(), required=False, empty_label="All task types"
    )
    credential = forms.ModelChoiceField(
        CredentialLevel.objects.all(),
        required=False,
        label="Credential level",
        empty_label="All levels",
    )
    currency = forms.ChoiceField(
        required=False,
        help_text="Reports paid in this currency, in its own amounts.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [
            ("", "All, in US dollars"),
            *((code, code) for code in currencies()),
        ]
