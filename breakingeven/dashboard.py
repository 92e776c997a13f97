"""The numbers on the admin's front page: what readers and subscribers did over the last 7, 30
or 90 days, each series as a bar chart drawn here as SVG (no script, so the CSP stays strict)
with its numbers in a table beside it."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from articles.models import Article, Vote
from comments.models import Comment
from newsletter.models import Issue, Subscriber

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TOP_ROWS = 10


def period_from(value):
    """The period asked for in ?period=, or the default for anything else."""
    return int(value) if value in {str(days) for days in PERIODS} else DEFAULT_PERIOD


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass
class BarChart:
    """One value per day, drawn as bars scaled to the largest; None is a day without data."""

    slug: str
    title: str
    unit: str
    days: list
    values: list
    percent: bool = False

    WIDTH = 600
    HEIGHT = 120

    def shown(self, value):
        if value is None:
            return "–"
        return f"{value}%" if self.percent else str(value)

    @property
    def rows(self):
        """(day, value) as the table shows them; written here, as the date filter costs
        more than the rest of a row (90 rows a chart)."""
        return [
            (f"{day:%a %-d %b}", self.shown(value))
            for day, value in zip(self.days, self.values, strict=True)
        ]

    @property
    def total(self):
        return sum(value for value in self.values if value is not None)

    @property
    def bars(self):
        top = 100 if self.percent else max((v for v in self.values if v), default=0)
        step = self.WIDTH / len(self.values)
        bars = []
        for index, (day, value) in enumerate(zip(self.days, self.values, strict=True)):
            if not value or not top:
                continue
            height = max(value / top * self.HEIGHT, 1)
            bars.append(
                Bar(
                    x=round(index * step + step * 0.1, 2),
                    y=round(self.HEIGHT - height, 2),
                    width=round(step * 0.8, 2),
                    height=round(height, 2),
                    label=f"{day:%-d %b}: {self.shown(value)}",
                )
            )
        return bars


def day_counts(queryset, field, days, start):
    """How many rows of `queryset` have `field` on each day from `start`, in order."""
    counts = dict(
        queryset.filter(**{f"{field}__gte": start})
        .annotate(day=TruncDate(field))
        .values("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    return [counts.get(day, 0) for day in days]


def helpful_by_day(days, start):
    """The share of Yes among the answers given each day, in percent; None without answers."""
    answers = {
        day: (yes, total)
        for day, yes, total in Vote.objects.filter(updated_at__gte=start)
        .annotate(day=TruncDate("updated_at"))
        .values("day")
        .annotate(yes=Count("pk", filter=Q(helpful=True)), total=Count("pk"))
        .values_list("day", "yes", "total")
    }
    return [
        round(100 * answers[day][0] / answers[day][1]) if day in answers else None for day in days
    ]


def percent(yes, total):
    return round(100 * yes / total) if total else None


def helpful_articles(start, previous_start):
    """The most answered articles of the period: answers, Yes rate then and in the period
    before, and the latest "No" note."""
    counts = Count("pk")
    yes = Count("pk", filter=Q(helpful=True))
    top = list(
        Vote.objects.filter(updated_at__gte=start)
        .values("article")
        .annotate(answers=counts, yes=yes)
        .order_by("-answers", "article")[:TOP_ROWS]
    )
    ids = [row["article"] for row in top]
    before = {
        row["article"]: percent(row["yes"], row["answers"])
        for row in Vote.objects.filter(
            article__in=ids, updated_at__gte=previous_start, updated_at__lt=start
        )
        .values("article")
        .annotate(answers=counts, yes=yes)
    }
    latest_no = Vote.objects.filter(article=OuterRef("pk"), helpful=False).exclude(note="")
    articles = Article.objects.filter(pk__in=ids).annotate(
        latest_no=Subquery(latest_no.order_by("-updated_at").values("note")[:1])
    )
    by_id = {article.pk: article for article in articles.only("title", "slug")}
    return [
        {
            "article": by_id[row["article"]],
            "answers": row["answers"],
            "rate": percent(row["yes"], row["answers"]),
            "rate_before": before.get(row["article"]),
        }
        for row in top
    ]


def signup_pages(start):
    """Where the period's signups came from, with how many of them confirmed."""
    return list(
        Subscriber.objects.filter(created_at__gte=start)
        .values("signup_page")
        .annotate(signups=Count("pk"), confirmed=Count("pk", filter=~Q(confirmed_at=None)))
        .order_by("-signups", "signup_page")[:TOP_ROWS]
    )


def last_issue():
    """The newsletter issue sent last, with how its deliveries went."""
    issue = Issue.objects.exclude(status=Issue.Status.DRAFT).order_by("-sending_started_at").first()
    if issue is None:
        return None
    return {
        "issue": issue,
        "progress": issue.progress(),
        "retried": issue.deliveries.filter(attempts__gt=1).count(),
    }


# Editors come back to the front page all day; a minute-old chart is as good as a new one.
NUMBERS_CACHE_SECONDS = 60

# Who may see each part of the numbers.
PERMISSION_FOR = {
    "comment_chart": "comments.view_comment",
    "newsletter_charts": "newsletter.view_subscriber",
    "signup_pages": "newsletter.view_subscriber",
    "last_issue": "newsletter.view_issue",
    "helpful_chart": "articles.view_vote",
    "helpful_articles": "articles.view_vote",
}


def numbers(period):
    """Every chart and table for the last `period` days, read anew at most once a minute."""
    key = f"dashboard:{period}:{timezone.localdate()}"
    return cache.get_or_set(key, lambda: read_numbers(period), NUMBERS_CACHE_SECONDS)


def read_numbers(period):
    today = timezone.localdate()
    days = [today - timedelta(days=back) for back in range(period - 1, -1, -1)]
    start = timezone.make_aware(datetime.combine(days[0], datetime.min.time()))
    subscribers = Subscriber.objects.all()
    return {
        "comment_chart": BarChart(
            "comments",
            "Comments received",
            "comments",
            days,
            day_counts(Comment.objects.all(), "created_at", days, start),
        ),
        "newsletter_charts": [
            BarChart(slug, title, "people", days, day_counts(subscribers, field, days, start))
            for slug, title, field in [
                ("signups", "Newsletter signups", "created_at"),
                ("confirmations", "Confirmations", "confirmed_at"),
                ("unsubscribes", "Unsubscribes", "unsubscribed_at"),
            ]
        ],
        "signup_pages": signup_pages(start),
        "last_issue": last_issue(),
        "helpful_chart": BarChart(
            "helpful", "“Was this helpful?”: Yes", "% Yes", days, helpful_by_day(days, start), True
        ),
        "helpful_articles": helpful_articles(start, start - timedelta(days=period)),
    }


def dashboard(user, *, period):
    """What `user` may see of the dashboard for the last `period` days."""
    desk = {"period": period, "periods": PERIODS}
    if user.has_perm("comments.view_comment"):
        # Counted on every load: it is what the editor acts on.
        desk["waiting"] = Comment.objects.awaiting_editor().count()
    desk.update(
        (name, value)
        for name, value in numbers(period).items()
        if user.has_perm(PERMISSION_FOR[name])
    )
    return desk
