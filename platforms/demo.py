"""Demo platforms and pay reports for `manage.py load_demo`, loaded after the articles and
comments. Every platform here is invented. Safe to run again and again.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from articles.models import Tag
from comments.models import Comment

from . import sentiment, services
from .models import (
    CredentialLevel,
    CurrencyRate,
    Mention,
    PayReport,
    Platform,
    TaskType,
    first_of_month,
)

TASK_TYPES = ["Writing and rating", "Coding evaluation", "Medical review", "Legal review"]
CREDENTIALS = ["None asked", "Degree", "Professional licence"]
# Each credential's and task's pay relative to the platform's base rate.
CREDENTIAL_FACTOR = {"None asked": 1.0, "Degree": 1.35, "Professional licence": 2.2}
TASK_FACTOR = {
    "Writing and rating": 1.0,
    "Coding evaluation": 1.45,
    "Medical review": 1.6,
    "Legal review": 1.55,
}
RATES = {"EUR": Decimal("1.08"), "GBP": Decimal("1.27"), "CAD": Decimal("0.73")}

# name, slug, aliases, description, base USD rate, chance paid on time, late, never, work
# weights (plenty, some, none), reports' weight.
PLATFORMS = [
    (
        "Tallyline",
        "tallyline",
        "Tally",
        "Rating and writing projects for chat models, paid weekly.",
        17,
        (0.86, 0.1, 0.01),
        (5, 4, 1),
        3,
    ),
    (
        "Gradient Guild",
        "gradient-guild",
        "the Guild, GG",
        "Expert review for coding and science models, by invitation after a test.",
        27,
        (0.72, 0.2, 0.03),
        (3, 5, 2),
        3,
    ),
    (
        "Annotate Works",
        "annotate-works",
        "AnnotateWorks",
        "High-volume labelling with a points system, paid monthly.",
        8,
        (0.55, 0.25, 0.12),
        (2, 4, 4),
        2,
    ),
    (
        "Rubric Harbor",
        "rubric-harbor",
        "",
        "Small team running rubric-writing and grading projects for evaluation labs.",
        22,
        (0.9, 0.08, 0.0),
        (2, 5, 3),
        1,
    ),
    (
        "Signal Sort",
        "signal-sort",
        "SignalSort",
        "Short classification tasks in many languages; pay varies by country.",
        8,
        (0.45, 0.25, 0.2),
        (1, 3, 6),
        1,
    ),
]

NOTES = {
    PayReport.Payment.ON_TIME: [
        "Paid on Friday like clockwork, great support team.",
        "Good week, the new project pays well and reviewers are fair.",
        "Happy with the rate bump this month.",
        "Payment arrived early, nice surprise.",
        "Steady work and friendly leads, no complaints.",
    ],
    PayReport.Payment.LATE: [
        "Payment came nine days late with no explanation.",
        "Late again, support keeps sending the same template answer.",
        "Paid eventually but the delay is frustrating.",
    ],
    PayReport.Payment.NOT_YET: [
        "Waiting on the invoice to clear.",
        "Submitted hours on Monday, payout pending.",
    ],
    PayReport.Payment.NEVER: [
        "Never paid for the trial tasks, terrible experience.",
        "Account deactivated before payout, awful and no reply.",
    ],
}

DEMO_REPORTS = 700
# Half the reports fall in the last twelve weeks, so the Tier List and mood have enough.
RECENT_SHARE = 0.5


def load():
    tasks = [
        TaskType.objects.get_or_create(name=name, defaults={"position": i})[0]
        for i, name in enumerate(TASK_TYPES)
    ]
    credentials = [
        CredentialLevel.objects.get_or_create(name=name, defaults={"position": i})[0]
        for i, name in enumerate(CREDENTIALS)
    ]
    today = timezone.localdate()
    for currency, usd in RATES.items():
        month = first_of_month(today)
        for _ in range(13):
            CurrencyRate.objects.get_or_create(
                currency=currency, month=month, defaults={"usd": usd}
            )
            month = first_of_month(month - timedelta(days=1))
    platforms = []
    for name, slug, aliases, description, *_ in PLATFORMS:
        platform, _ = Platform.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "aliases": aliases,
                "description": description,
                "website": f"https://{slug}.example",
            },
        )
        platforms.append(platform)
    platforms[0].tags.add(*Tag.objects.filter(slug__in=["platforms", "pay-rates"]))
    if PayReport.objects.exists():
        return
    rng = random.Random(18)
    reports = [_report(rng, platforms, tasks, credentials) for _ in range(DEMO_REPORTS)]
    reports[-1].hourly_pay, reports[-1].is_outlier = Decimal("240.00"), True  # for the editor
    for report in reports:
        report.hourly_usd = round(report.hourly_pay * _rate(report.currency), 2)
    PayReport.objects.bulk_create(reports)
    Mention.objects.bulk_create(
        services._mention(r.platform.pk, r.note, r.approved_at, report=r)
        for r in reports
        if r.note and r.status == PayReport.Status.APPROVED
    )
    for comment in Comment.objects.approved():
        services.comments_mentions_record(comments=[comment], said_at=comment.approved_at)
    services.tiers_record(platforms=platforms)
    Platform.objects.filter(slug="annotate-works").update(
        editor_tier="C",
        editor_note="Held at C while late payments from the spring are still being settled.",
    )
    sentiment.mood_of("")  # load the lexicon now rather than on the first page view


def _rate(currency):
    return Decimal(1) if currency == "USD" else RATES[currency]


def _report(rng, platforms, tasks, credentials):
    weights = [entry[-1] for entry in PLATFORMS]
    index = rng.choices(range(len(platforms)), weights)[0]
    _, _, _, _, base, (on_time, late, never), work_weights, _ = PLATFORMS[index]
    task, credential = rng.choice(tasks), rng.choice(credentials)
    days_ago = rng.uniform(0, 84) if rng.random() < RECENT_SHARE else rng.uniform(84, 360)
    created_at = timezone.now() - timedelta(days=days_ago, hours=1)
    usd = (
        base
        * TASK_FACTOR[task.name]
        * CREDENTIAL_FACTOR[credential.name]
        * rng.lognormvariate(0, 0.2)
    )
    currency = rng.choices(["USD", "EUR", "GBP", "CAD"], [8, 2, 1, 1])[0]
    payment = rng.choices(
        list(PayReport.Payment),
        [on_time, late, 0.04, never],
    )[0]
    status = rng.choices(
        [PayReport.Status.APPROVED, PayReport.Status.PENDING, PayReport.Status.REJECTED],
        [95, 4, 1],
    )[0]
    return PayReport(
        platform=platforms[index],
        task_type=task,
        credential=credential,
        hourly_pay=round(Decimal(usd) / _rate(currency), 2),
        currency=currency,
        hours_last_week=Decimal(rng.randrange(2, 80)) / 2,
        month=first_of_month(timezone.localtime(created_at).date()),
        payment=payment,
        work=rng.choices(list(PayReport.Work), work_weights)[0],
        note=rng.choice(NOTES[payment]) if rng.random() < 0.7 else "",
        status=status,
        held_reason="Every report is reviewed.",
        created_at=created_at,
        approved_at=created_at + timedelta(hours=6)
        if status == PayReport.Status.APPROVED
        else None,
    )
