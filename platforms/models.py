import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Max, Q
from django.urls import resolve, reverse
from django.utils import timezone

from articles.models import Tag
from breakingeven.images import PictureField
from breakingeven.validators import no_control_characters

NOTE_MAX_LENGTH = 500
# Above this many US dollars an hour a figure is a typo or a joke, whatever its currency.
PAY_MAX = 1000
# The Tier List reads this many days of approved reports.
TIER_WINDOW = timedelta(days=90)


class Tier(models.TextChoices):
    S = "S", "S: excellent"
    A = "A", "A: good"
    B = "B", "B: fair"
    C = "C", "C: poor"
    D = "D", "D: avoid"


class ManagedList(models.Model):
    """A short list the editor keeps (task types, credential levels), in the order given."""

    name = models.CharField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lists and tables show lower numbers first."
    )

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class TaskType(ManagedList):
    class Meta(ManagedList.Meta):
        verbose_name = "task type"


class CredentialLevel(ManagedList):
    class Meta(ManagedList.Meta):
        verbose_name = "credential level"


class Platform(models.Model):
    name = models.CharField(max_length=80, unique=True, validators=[no_control_characters])
    slug = models.SlugField(max_length=80, unique=True)
    website = models.URLField(blank=True)
    description = models.CharField(max_length=300, blank=True)
    logo = PictureField(
        upload_to="platforms/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
        widths=(64, 128, 192),
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    aliases = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other names workers use for it, separated by commas. Comments and notes "
        "naming the platform or one of these count towards its mood.",
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="platforms", help_text="Articles with these tags are listed."
    )
    editor_tier = models.CharField(
        "editor's tier",
        max_length=1,
        choices=Tier,
        blank=True,
        help_text="Shown beside the computed tier; leave empty to show only the computed one.",
    )
    editor_note = models.CharField(
        "editor's note",
        max_length=300,
        blank=True,
        help_text="Public: why the editor's tier differs from the computed one.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("platforms:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.editor_tier and not self.editor_note.strip():
            raise ValidationError({"editor_note": "Tell readers why you set this tier."})
        # Paths such as /platforms/feed/ come first in the URLs: such a platform had no page.
        if self.slug and resolve(self.get_absolute_url()).url_name != "detail":
            raise ValidationError(
                {"slug": "Another page of the site has that address; please choose another slug."}
            )

    @property
    def names(self):
        """The name and every alias, as workers write them."""
        return [self.name, *(a.strip() for a in self.aliases.split(",") if a.strip())]

    def is_named_in(self, text):
        return any(
            re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)
            for name in self.names
        )


def first_of_month(day):
    return day.replace(day=1)


class CurrencyRate(models.Model):
    """What one unit of a currency was worth in US dollars in a month (the editor's figure)."""

    currency = models.CharField(
        max_length=3, help_text="ISO 4217 code, e.g. EUR. Readers may report pay in it."
    )
    month = models.DateField(help_text="Any day of the month; stored as its first day.")
    usd = models.DecimalField("US dollars per unit", max_digits=12, decimal_places=6)

    class Meta:
        ordering = ["currency", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "month"], name="one_rate_per_month"),
            models.CheckConstraint(
                condition=Q(usd__gt=0),
                name="rate_is_positive",
                violation_error_message="A rate must be more than zero US dollars per unit.",
            ),
        ]

    def __str__(self):
        return f"{self.currency} {self.month:%Y-%m}: {self.usd} USD"

    def clean(self):
        self.currency = self.currency.strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", self.currency):
            raise ValidationError({"currency": "Use a three-letter code such as EUR."})
        if self.currency == "USD":
            raise ValidationError({"currency": "US dollars need no rate."})
        # Every report in this currency must still fit its dollar figure's column at this rate.
        top = PayReport.objects.filter(currency=self.currency).aggregate(Max("hourly_pay"))
        if self.usd is not None and self.usd * max(top["hourly_pay__max"] or 0, PAY_MAX) > 999_999:
            raise ValidationError(
                {"usd": "No currency is worth this many US dollars per unit: check the figure."}
            )
        if self.month:
            self.month = first_of_month(self.month)


class PayReportQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=PayReport.Status.APPROVED)

    def recent(self, *, days=None, now=None):
        """Approved reports sent in the last `days` (the Tier List's window by default)."""
        window = TIER_WINDOW if days is None else timedelta(days=days)
        return self.approved().filter(created_at__gte=(now or timezone.now()) - window)


class PayReport(models.Model):
    """One reader's account of a week's work on a platform. Never shown on its own."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    class Payment(models.TextChoices):
        ON_TIME = "on_time", "On time"
        LATE = "late", "Late"
        NOT_YET = "not_yet", "Not yet"
        NEVER = "never", "Never"

    class Work(models.TextChoices):
        PLENTY = "plenty", "Plenty"
        SOME = "some", "Some"
        NONE = "none", "None"

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="reports")
    task_type = models.ForeignKey(TaskType, on_delete=models.PROTECT, related_name="reports")
    credential = models.ForeignKey(
        CredentialLevel, on_delete=models.PROTECT, related_name="reports"
    )
    # Room for a thousand dollars an hour in currencies of many thousands to the dollar.
    hourly_pay = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    hourly_usd = models.DecimalField(
        "hourly pay in USD",
        max_digits=8,
        decimal_places=2,
        null=True,
        editable=False,
        help_text="At the editor's rate for the month; empty while the month has no rate.",
    )
    hours_last_week = models.DecimalField(max_digits=4, decimal_places=1)
    month = models.DateField("month of the work")
    payment = models.CharField("payment arrived", max_length=8, choices=Payment)
    work = models.CharField("work available", max_length=6, choices=Work)
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    held_reason = models.CharField(max_length=200, blank=True)
    is_outlier = models.BooleanField(
        "far from median",
        default=False,
        editable=False,
        help_text="Over 4× or under ¼ of the median of approved reports for the same "
        "platform, task type and credential.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = PayReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(hourly_pay__gte=0), name="pay_is_not_negative"),
            models.CheckConstraint(
                condition=Q(hours_last_week__gte=0, hours_last_week__lte=168),
                name="hours_fit_a_week",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="payreport_recent"),
            # Holds every column a platform's figures read, so PostgreSQL answers them from the
            # index alone instead of fetching each report's page of the table.
            models.Index(
                fields=["platform", "status", "created_at"],
                include=["id", "task_type", "credential", "hourly_usd", "month", "payment", "work"],
                name="payreport_platform_figures",
            ),
            # A platform's latest notes from workers.
            models.Index(
                F("platform"),
                F("approved_at").desc(),
                condition=Q(status="approved") & ~Q(note=""),
                name="payreport_platform_notes",
            ),
        ]

    def __str__(self):
        return f"{self.platform} report of {self.created_at:%Y-%m-%d}"

    @property
    def cell(self):
        """The reports this one is compared with: same platform, task type and credential."""
        return PayReport.objects.approved().filter(
            platform_id=self.platform_id,
            task_type_id=self.task_type_id,
            credential_id=self.credential_id,
        )


class TierChange(models.Model):
    """A platform's computed tier as it changed, for the Atom feed of tier changes."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="tier_changes")
    tier = models.CharField(max_length=1, choices=Tier, blank=True)
    previous = models.CharField(max_length=1, choices=Tier, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        get_latest_by = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.platform}: {self.previous or '–'} → {self.tier or '–'}"


class Mention(models.Model):
    """An approved comment or report note naming a platform, with the mood of its text."""

    class Mood(models.TextChoices):
        POSITIVE = "positive", "Positive"
        NEUTRAL = "neutral", "Neutral"
        NEGATIVE = "negative", "Negative"

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="mentions")
    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.CASCADE, null=True, related_name="mentions"
    )
    report = models.ForeignKey(PayReport, on_delete=models.CASCADE, null=True)
    score = models.FloatField(help_text="VADER's compound score, −1 to 1.")
    mood = models.CharField(max_length=8, choices=Mood)
    said_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["platform", "said_at"], name="mention_platform_week")]
        constraints = [
            models.UniqueConstraint(fields=["platform", "comment"], name="one_mention_per_comment"),
            models.UniqueConstraint(fields=["platform", "report"], name="one_mention_per_report"),
        ]

    def __str__(self):
        return f"{self.get_mood_display()} about {self.platform_id}"
