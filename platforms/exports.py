"""Pay bands as tables and open data: never a single report, only groups stats lets through."""

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from breakingeven.links import absolute_url

from . import stats
from .models import TIER_WINDOW, CredentialLevel, PayReport, Platform, TaskType

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass
class Row:
    """A pay band with names instead of ids, in the order tables list them."""

    platform: Platform | None
    task_type: TaskType
    credential: CredentialLevel
    n: int
    q1: float
    median: float
    q3: float


def labelled(bands):
    """`stats.pay_bands` rows as Rows, ordered as the editor orders the lists."""
    platforms = {p.pk: p for p in Platform.objects.all()}
    tasks = {t.pk: t for t in TaskType.objects.all()}
    credentials = {c.pk: c for c in CredentialLevel.objects.all()}
    rows = [
        Row(
            platforms.get(band.get("platform_id")),
            tasks[band["task_type_id"]],
            credentials[band["credential_id"]],
            band["n"],
            band["q1"],
            band["median"],
            band["q3"],
        )
        for band in bands
    ]
    return sorted(
        rows,
        key=lambda r: (
            r.platform.name if r.platform else "",
            (r.task_type.position, r.task_type.name),
            (r.credential.position, r.credential.name),
        ),
    )


def pay_bands(*, platform=None, task_type=None, credential=None, currency=""):
    """Pay bands per platform, task type and credential over the last year, filtered; in
    `currency`'s own amounts for reports paid in it, else in US dollars."""
    reports = PayReport.objects.all()
    if platform:
        reports = reports.filter(platform=platform)
    if task_type:
        reports = reports.filter(task_type=task_type)
    if credential:
        reports = reports.filter(credential=credential)
    cells = ["platform_id", "task_type_id", "credential_id"]
    if not currency:
        return labelled(stats.pay_bands(stats.history(reports), cells))
    bands = stats.pay_bands(
        stats.history(reports.filter(currency=currency)), cells, value="hourly_pay"
    )
    # The same cell in all currencies is shown too: if the rest of it were only a few reports,
    # the difference between the two bands would give those few away.
    rest = {
        tuple(row[name] for name in cells): row["n"]
        for row in stats.history(reports.exclude(currency=currency))
        .filter(hourly_usd__isnull=False)
        .values(*cells)
        .annotate(n=Count("pk"))
        .order_by()
    }
    return labelled(
        [
            band
            for band in bands
            if (n := rest.get(tuple(band[name] for name in cells), 0)) == 0 or stats.enough(n)
        ]
    )


def as_json():
    """The Tier List and every pay band, with the licence and the rules they were made under."""
    return {
        "licence": LICENCE,
        "source": absolute_url("/platforms/"),
        "generated_at": timezone.now().isoformat(),
        "rules": {
            "min_reports_per_figure": settings.PAY_MIN_REPORTS,
            "tier_window_days": TIER_WINDOW.days,
            "pay_window_days": stats.HISTORY_DAYS,
            "weights": stats.WEIGHTS,
            "pay_full_marks_usd": stats.PAY_SCALE_USD,
        },
        "tier_list": [
            {
                "platform": s.platform.name,
                "slug": s.platform.slug,
                "reports": s.n if stats.enough(s.n) else None,
                "computed_tier": s.tier or None,
                "score": s.score,
                "editor_tier": s.platform.editor_tier or None,
                "editor_note": s.platform.editor_note or None,
                **{
                    name: {"value": f.value, "n": f.n if f.shown else None}
                    for name, f in (
                        ("median_hourly_usd", s.pay),
                        ("paid_on_time_share", s.reliability),
                        ("work_volume", s.volume),
                        ("never_paid_share", s.ghosting),
                    )
                },
            }
            for s in stats.standings()
        ],
        "pay_bands_usd": [
            {
                "platform": row.platform.slug,
                "task_type": row.task_type.name,
                "credential": row.credential.name,
                "reports": row.n,
                "q1": round(row.q1, 2),
                "median": round(row.median, 2),
                "q3": round(row.q3, 2),
            }
            for row in pay_bands()
        ],
    }


def as_csv():
    """Every pay band in US dollars, as the text of a CSV file."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(
        ["platform", "task_type", "credential", "reports", "q1_usd", "median_usd", "q3_usd"]
    )
    for row in pay_bands():
        writer.writerow(
            [
                row.platform.slug,
                row.task_type.name,
                row.credential.name,
                row.n,
                f"{row.q1:.2f}",
                f"{row.median:.2f}",
                f"{row.q3:.2f}",
            ]
        )
    return text.getvalue()
