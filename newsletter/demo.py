"""Demo content for the newsletter app, loaded by `manage.py load_demo` after the articles.

Subscribers in every state and one issue already sent to the confirmed ones. No email is sent:
the delivery rows are written as the worker would have left them.
"""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article

from .models import Delivery, Issue, Subscriber

SUBSCRIBERS = [
    # (address, status, days since signup, page)
    ("maria.santos@example.com", Subscriber.Status.CONFIRMED, 40, "/"),
    ("dev.okafor@example.com", Subscriber.Status.CONFIRMED, 33, "/newsletter/"),
    ("j.lindqvist@example.org", Subscriber.Status.CONFIRMED, 21, "/"),
    ("dr.amara.n@example.net", Subscriber.Status.CONFIRMED, 12, "/newsletter/"),
    ("paralegal.kim@example.com", Subscriber.Status.CONFIRMED, 5, "/"),
    ("new.reader@example.com", Subscriber.Status.PENDING, 1, "/newsletter/"),
    ("maybe.later@example.org", Subscriber.Status.PENDING, 2, "/"),
    ("moved.on@example.com", Subscriber.Status.UNSUBSCRIBED, 30, "/newsletter/"),
]

ISSUE_SUBJECT = "New on BreakingEven: this month's pay rates and field notes"
ISSUE_BODY = (
    "Hello, and thanks for reading.\n\n"
    "This month we looked at what evaluation work really pays once unpaid time is counted, "
    "and heard from people doing it. The new articles are below."
)


def load_subscribers(now):
    for address, status, days_ago, page in SUBSCRIBERS:
        joined = now - timedelta(days=days_ago)
        Subscriber.objects.get_or_create(
            email=address,
            defaults={
                "status": status,
                "signup_page": page,
                "created_at": joined,
                "requested_at": joined,
                "confirmed_at": (
                    joined + timedelta(hours=1) if status != Subscriber.Status.PENDING else None
                ),
                "unsubscribed_at": (
                    now - timedelta(days=1) if status == Subscriber.Status.UNSUBSCRIBED else None
                ),
                "confirmation_sent_at": joined,
                "confirmations_sent": 1,
            },
        )


def load_sent_issue(now):
    if Issue.objects.filter(subject=ISSUE_SUBJECT).exists():
        return
    sent_at = now - timedelta(days=2)
    issue = Issue.objects.create(
        subject=ISSUE_SUBJECT,
        body_markdown=ISSUE_BODY,
        status=Issue.Status.SENT,
        sending_started_at=sent_at,
        sent_at=sent_at,
    )
    Issue.objects.filter(pk=issue.pk).update(created_at=sent_at - timedelta(hours=2))
    issue.articles.set(Article.objects.published()[:3])
    # Everyone confirmed by then got it, including the reader who has since unsubscribed.
    recipients = Subscriber.objects.exclude(status=Subscriber.Status.PENDING)
    Delivery.objects.bulk_create(
        [
            Delivery(
                issue=issue, subscriber=s, status=Delivery.Status.SENT, attempts=1, sent_at=sent_at
            )
            for s in recipients
        ],
        ignore_conflicts=True,
    )


def load():
    now = timezone.now()
    load_subscribers(now)
    load_sent_issue(now)
