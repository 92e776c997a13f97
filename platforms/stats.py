"""The figures readers see, always computed from approved reports and always in aggregates.

Every figure passes through `summarise()` or `Factor`, which withhold any group of fewer than
settings.PAY_MIN_REPORTS reports: one place for the rule, whatever page, export, feed or
directive shows the figure. Reports are read as plain rows and summed up in Python, so the
same code runs on PostgreSQL and on SQLite in development.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
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

RESOLVED = (PayReport.Payment.ON_TIME, PayReport.Payment.LATE, PayReport.Payment.NEVER)
WORK_SHARE = {PayReport.Work.PLENTY: 1.0, PayReport.Work.SOME: 0.5, PayReport.Work.NONE: 0.0}
REPORT_FIELDS = ["platform_id", "task_type_id", "credential_id", "month", "payment", "work"]


def enough(n):
    return n >= settings.PAY_MIN_REPORTS


@dataclass
class Band:
    """Quartiles of hourly pay for one group of reports."""

    key: tuple
    n: int
    q1: float
    median: float
    q3: float


def summarise(rows, key, value):
    """Pay bands of `rows` grouped by `key(row)`, leaving out groups too small to show."""
    groups = defaultdict(list)
    for row in rows:
        amount = value(row)
        if amount is not None:
            groups[key(row)].append(float(amount))
    bands = []
    for group, amounts in groups.items():
        if not enough(len(amounts)):
            continue
        if len(amounts) == 1:
            q1 = median = q3 = amounts[0]
        else:
            q1, median, q3 = statistics.quantiles(amounts, n=4, method="inclusive")
        bands.append(Band(group, len(amounts), q1, median, q3))
    return bands


@dataclass
class Factor:
    """One of a platform's Tier List factors: its figure (None when too few reports) and n."""

    n: int
    value: float | None

    @classmethod
    def of(cls, n, compute):
        return cls(n, compute() if enough(n) and n else None)

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
    def of(cls, platform, reports):
        """`reports`: rows with `hourly_usd`, `payment` and `work`."""
        paid = [r["hourly_usd"] for r in reports if r["hourly_usd"] is not None]
        resolved = [r["payment"] for r in reports if r["payment"] in RESOLVED]
        return cls(
            platform=platform,
            n=len(reports),
            pay=Factor.of(len(paid), lambda: statistics.median(float(p) for p in paid)),
            reliability=Factor.of(
                len(resolved),
                lambda: resolved.count(PayReport.Payment.ON_TIME) / len(resolved),
            ),
            volume=Factor.of(
                len(reports), lambda: sum(WORK_SHARE[r["work"]] for r in reports) / len(reports)
            ),
            ghosting=Factor.of(
                len(resolved), lambda: resolved.count(PayReport.Payment.NEVER) / len(resolved)
            ),
        )


def standings(platforms=None, *, now=None):
    """The Tier List: each platform's standing, best score first, unrated ones last."""
    platforms = list(Platform.objects.all() if platforms is None else platforms)
    reports = defaultdict(list)
    rows = (
        PayReport.objects.recent(now=now)
        .filter(platform__in=platforms)
        .values("platform_id", "hourly_usd", "payment", "work")
    )
    for row in rows:
        reports[row["platform_id"]].append(row)
    table = [Standing.of(platform, reports[platform.pk]) for platform in platforms]
    return sorted(table, key=lambda s: (s.score is None, -(s.score or 0), s.platform.name))


def history(reports):
    """Approved reports of the last HISTORY_DAYS, as rows for `summarise` and `monthly`."""
    since = timezone.now() - timedelta(days=HISTORY_DAYS)
    return list(
        reports.approved()
        .filter(created_at__gte=since)
        .values(*REPORT_FIELDS, "hourly_usd", "hourly_pay", "currency")
    )


@dataclass
class Month:
    month: date
    n: int
    on_time: float
    never: float
    volume: float


def monthly(rows):
    """Payment reliability and work volume per month of work, months with enough reports."""
    groups = defaultdict(list)
    for row in rows:
        groups[row["month"]].append(row)
    months = []
    for month, reports in sorted(groups.items()):
        resolved = [r["payment"] for r in reports if r["payment"] in RESOLVED]
        if not enough(len(resolved)):
            continue
        months.append(
            Month(
                month=month,
                n=len(resolved),
                on_time=resolved.count(PayReport.Payment.ON_TIME) / len(resolved),
                never=resolved.count(PayReport.Payment.NEVER) / len(resolved),
                volume=sum(WORK_SHARE[r["work"]] for r in reports) / len(reports),
            )
        )
    return months


@dataclass
class Week:
    start: date
    n: int
    positive: float
    neutral: float
    negative: float


def weekly_mood(platform, *, today=None):
    """Shares of positive, neutral and negative mentions per week, the last MOOD_WEEKS weeks."""
    today = today or timezone.localdate()
    first = today - timedelta(days=today.weekday(), weeks=MOOD_WEEKS - 1)
    counts = defaultdict(lambda: defaultdict(int))
    # A comment approved and later removed no longer counts.
    mentions = Mention.objects.filter(platform=platform, said_at__date__gte=first).filter(
        Q(comment=None) | Q(comment__status=Comment.Status.APPROVED)
    )
    for said_at, mood in mentions.values_list("said_at", "mood"):
        day = timezone.localtime(said_at).date()
        counts[day - timedelta(days=day.weekday())][mood] += 1
    weeks = []
    for number in range(MOOD_WEEKS):
        start = first + timedelta(weeks=number)
        moods = counts.get(start, {})
        n = sum(moods.values())
        if enough(n):
            weeks.append(
                Week(
                    start,
                    n,
                    moods.get(Mention.Mood.POSITIVE, 0) / n,
                    moods.get(Mention.Mood.NEUTRAL, 0) / n,
                    moods.get(Mention.Mood.NEGATIVE, 0) / n,
                )
            )
    return weeks
