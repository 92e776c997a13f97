"""The figures readers see, always computed from approved reports and always in aggregates.

Every query here groups reports in the database and keeps only groups of at least
settings.PAY_MIN_REPORTS (`enough`): one place for the rule, whatever page, export, feed or
directive shows the figure. Quartiles are PostgreSQL's percentile_cont; SQLite, in
development, gets the same function from platforms.sqlite.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Aggregate, Avg, Case, Count, FloatField, Q, Value, When
from django.db.models.functions import Cast, NullIf, TruncWeek
from django.utils import timezone

from comments.models import Comment

from .models import Mention, PayReport, Platform, Tier

# The Tier List's weights, stated on its page; they add up to 100.
WEIGHTS = {"pay": 40, "reliability": 30, "volume": 15, "ghosting": 15}
# A median of this many US dollars an hour or more earns the pay factor's full marks.
PAY_SCALE_USD = 40
# The lowest score of each tier, best first.
TIER_FLOORS = [(80, Tier.S), (65, Tier.A), (50, Tier.B), (35, Tier.C), (0, Tier.D)]
# Pay bands, reliability and mood on a platform's page look back this far.
HISTORY_DAYS = 365
MOOD_WEEKS = 12

Payment, Work = PayReport.Payment, PayReport.Work
RESOLVED = Q(payment__in=[Payment.ON_TIME, Payment.LATE, Payment.NEVER])
WORK_SHARE = Case(
    When(work=Work.PLENTY, then=Value(1.0)),
    When(work=Work.SOME, then=Value(0.5)),
    default=Value(0.0),
    output_field=FloatField(),
)


class Percentile(Aggregate):
    """The continuous percentile `fraction` of an expression: 0.5 is the median."""

    function = "percentile_cont"
    name = "Percentile"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"

    def __init__(self, expression, fraction, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "%(function)s(%(expressions)s, %(fraction)s)%(filter)s"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def share(condition, *, of=None):
    """The share of rows meeting `condition` among those meeting `of` (all rows by default)."""
    whole = Count("pk", filter=of)
    return Cast(Count("pk", filter=condition), FloatField()) / NullIf(whole, 0)


def enough(n):
    return n >= settings.PAY_MIN_REPORTS


def history(reports):
    """Approved reports among `reports` sent in the last HISTORY_DAYS."""
    since = timezone.now() - timedelta(days=HISTORY_DAYS)
    return reports.approved().filter(created_at__gte=since)


def pay_bands(reports, group_by, value="hourly_usd"):
    """Quartiles of `value` per group of `group_by` fields, as dicts with n, q1, median, q3,
    leaving out groups too small to show."""
    return list(
        reports.filter(**{f"{value}__isnull": False})
        .values(*group_by)
        .annotate(
            n=Count("pk"),
            q1=Percentile(value, 0.25),
            median=Percentile(value, 0.5),
            q3=Percentile(value, 0.75),
        )
        .filter(n__gte=settings.PAY_MIN_REPORTS)
        .order_by(*group_by)
    )


@dataclass
class Factor:
    """One of a platform's Tier List factors: its figure (None when too few reports) and n."""

    n: int
    value: float | None

    @classmethod
    def of(cls, n, value):
        return cls(n, value if enough(n) and value is not None else None)

    @property
    def shown(self):
        return self.value is not None


@dataclass
class Standing:
    """A platform's place on the Tier List, from its approved reports in the window."""

    platform: Platform
    n: int
    pay: Factor
    reliability: Factor
    volume: Factor
    ghosting: Factor
    score: float | None = field(init=False)
    tier: str = field(init=False)

    def __post_init__(self):
        factors = (self.pay, self.reliability, self.volume, self.ghosting)
        if not all(f.shown for f in factors):
            self.score, self.tier = None, ""
            return
        self.score = round(
            WEIGHTS["pay"] * min(self.pay.value / PAY_SCALE_USD, 1)
            + WEIGHTS["reliability"] * self.reliability.value
            + WEIGHTS["volume"] * self.volume.value
            + WEIGHTS["ghosting"] * (1 - self.ghosting.value),
            1,
        )
        self.tier = next(tier for floor, tier in TIER_FLOORS if self.score >= floor)

    @classmethod
    def of(cls, platform, row):
        """`row`: the counts of `standings()`'s query, or None for a platform without reports."""
        row = row or {"n": 0, "paid": 0, "median": None, "resolved": 0, "volume": None}
        resolved = row["resolved"]
        return cls(
            platform=platform,
            n=row["n"],
            pay=Factor.of(row["paid"], row["median"]),
            reliability=Factor.of(resolved, resolved and row["on_time"] / resolved),
            volume=Factor.of(row["n"], row["volume"]),
            ghosting=Factor.of(resolved, resolved and row["never"] / resolved),
        )


def standings(platforms=None, *, now=None):
    """The Tier List: each platform's standing, best score first, unrated ones last."""
    platforms = list(Platform.objects.all() if platforms is None else platforms)
    rows = (
        PayReport.objects.recent(now=now)
        .filter(platform__in=platforms)
        .values("platform_id")
        .annotate(
            n=Count("pk"),
            paid=Count("hourly_usd"),
            median=Percentile("hourly_usd", 0.5),
            resolved=Count("pk", filter=RESOLVED),
            on_time=Count("pk", filter=Q(payment=Payment.ON_TIME)),
            never=Count("pk", filter=Q(payment=Payment.NEVER)),
            volume=Avg(WORK_SHARE),
        )
        .order_by()
    )
    by_platform = {row["platform_id"]: row for row in rows}
    table = [Standing.of(platform, by_platform.get(platform.pk)) for platform in platforms]
    return sorted(table, key=lambda s: (s.score is None, -(s.score or 0), s.platform.name))


def monthly(reports):
    """Per month of work: shares paid on time and never paid, and work volume, as dicts;
    only months with enough reports that know whether they were paid."""
    return list(
        reports.values("month")
        .annotate(
            n=Count("pk", filter=RESOLVED),
            on_time=share(Q(payment=Payment.ON_TIME), of=RESOLVED),
            never=share(Q(payment=Payment.NEVER), of=RESOLVED),
            volume=Avg(WORK_SHARE),
        )
        .filter(n__gte=settings.PAY_MIN_REPORTS)
        .order_by("month")
    )


def weekly_mood(platform, *, now=None):
    """Shares of positive, neutral and negative mentions per week, the last MOOD_WEEKS weeks,
    as dicts; only weeks with enough mentions."""
    now = now or timezone.now()
    this_week = timezone.localtime(now).date() - timedelta(days=timezone.localtime(now).weekday())
    first = this_week - timedelta(weeks=MOOD_WEEKS - 1)
    Mood = Mention.Mood
    return list(
        Mention.objects.filter(platform=platform, said_at__date__gte=first)
        # A comment approved and later removed no longer counts.
        .filter(Q(comment=None) | Q(comment__status=Comment.Status.APPROVED))
        .annotate(week=TruncWeek("said_at"))
        .values("week")
        .annotate(
            n=Count("pk"),
            positive=share(Q(mood=Mood.POSITIVE)),
            neutral=share(Q(mood=Mood.NEUTRAL)),
            negative=share(Q(mood=Mood.NEGATIVE)),
        )
        .filter(n__gte=settings.PAY_MIN_REPORTS)
        .order_by("week")
    )
