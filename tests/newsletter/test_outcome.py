"""An issue's outcome: what the mail server and the provider's events said about its copies."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter import sending, services
from newsletter.models import Delivery, MailEvent

from .helpers import make_issue, make_subscriber
from .test_bounces import POSTMARK_TRACKING, basic_auth, post_json, webhook_secrets  # noqa: F401
from .webhook_samples import postmark_bounce, postmark_delivery, postmark_spam_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_issue(mail_server, client):
    """An issue sent to six readers over SMTP, one refused by the server for good, and the
    provider's events about the others, each naming its copy in the metadata."""
    readers = [make_subscriber(f"reader{n}@example.com") for n in range(6)]
    mail_server.refused.add(readers[5].email)
    issue = make_issue(subject="March")
    services.issue_send(issue=issue)
    sending.deliver_issue(issue.pk)
    issue.refresh_from_db()
    copy = {r.email: Delivery.objects.get(issue=issue, subscriber=r) for r in readers}

    def metadata(reader):
        return {"issue": str(issue.pk), "delivery": str(copy[reader.email].pk)}

    events = [
        postmark_delivery(readers[0].email, metadata=metadata(readers[0])),
        postmark_delivery(readers[1].email, metadata=metadata(readers[1])),
        postmark_delivery(readers[2].email, metadata=metadata(readers[2])),
        postmark_bounce(
            readers[3].email, kind="SoftBounce", event_id=7001, metadata=metadata(readers[3])
        ),
        postmark_spam_complaint(readers[4].email, metadata=metadata(readers[4])),
        # A second report of the same delivery, and one naming no copy: neither counts twice.
        postmark_delivery(readers[0].email, metadata=metadata(readers[0])),
        postmark_delivery(readers[1].email, message_id="other-message"),
    ]
    for event in events:
        assert post_json(client, POSTMARK_TRACKING, event, **basic_auth()).status_code == 200
    left = readers[2]
    left.status, left.unsubscribed_at = "unsubscribed", timezone.now() + timedelta(minutes=1)
    left.save()
    return issue


def test_the_outcome_counts_each_copy_once(sent_issue):
    assert sent_issue.outcome() == {
        "sent": 5,
        "delivered": 3,
        "hard_bounced": 1,  # the server's 550 for reader5
        "soft_bounced": 1,
        "complained": 1,
        "unsubscribed": 1,
        "failed": 1,
    }
    assert MailEvent.objects.filter(delivery__isnull=True, kind="delivered").count() == 1


def test_the_issue_page_shows_the_outcome_and_its_failures_as_csv(sent_issue, admin_client):
    body = admin_client.get(
        reverse("admin:newsletter_issue_change", args=[sent_issue.pk])
    ).content.decode()
    assert "<h2>Outcome</h2>" in body
    for label, count in [
        ("Delivered (as providers report)", 3),
        ("Bounced for good", 1),
        ("Reported as spam", 1),
        ("Unsubscribed after this issue", 1),
    ]:
        assert f'<th scope="row">{label}</th>\n          <td>{count}</td>' in body
    assert 'class="newsletter-outcome__fill newsletter-outcome__fill--delivered"' in body

    response = admin_client.get(reverse("admin:newsletter_issue_failures", args=[sent_issue.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    outcomes = sorted((row["email"], row["outcome"]) for row in rows)
    assert outcomes == [
        ("reader3@example.com", "soft bounce"),
        ("reader4@example.com", "spam complaint"),
        ("reader5@example.com", "failed to send"),
        ("reader5@example.com", "hard bounce"),
    ]
    assert all(row["detail"] for row in rows)


def test_a_failure_detail_starting_with_a_tab_or_return_is_not_a_formula(admin_client):
    """A mail server's reply starting with a tab or carriage return is quoted in the CSV."""
    reader = make_subscriber("reader@example.com")
    issue = make_issue(status="sent")
    copy = Delivery.objects.create(issue=issue, subscriber=reader, status="sent")
    for number, detail in enumerate(["\t=1+1", "\r=1+1", "550 no such user"]):
        MailEvent.objects.create(
            provider="postmark", delivery=copy, event_id=str(number), kind="hard_bounce",
            email=reader.email, detail=detail, occurred_at=timezone.now(),
        )  # fmt: skip
    response = admin_client.get(reverse("admin:newsletter_issue_failures", args=[issue.pk]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["detail"] for row in rows] == ["'\t=1+1", "'\r=1+1", "550 no such user"]


def test_a_delivery_named_by_a_forged_or_unknown_id_is_not_linked(client, mail_server):
    make_subscriber("reader@example.com")
    for value in ("not-a-number", "999999", "-1"):
        event = postmark_delivery("reader@example.com", metadata={"delivery": value})
        event["MessageID"] = f"message-{value}"
        assert post_json(client, POSTMARK_TRACKING, event, **basic_auth()).status_code == 200
    assert list(MailEvent.objects.values_list("delivery", flat=True)) == [None, None, None]


def test_a_delivery_named_in_other_digits_is_not_linked(client, mail_server):
    """Digits other than ASCII ("²", "٢", "２") name no copy, and the webhook still answers 200."""
    reader = make_subscriber("reader@example.com")
    copy = Delivery.objects.create(issue=make_issue(), subscriber=reader, status="sent")
    arabic = str(copy.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    fullwidth = str(copy.pk).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    for value in ("²", arabic, fullwidth, "9" * 30):
        event = postmark_delivery(reader.email, metadata={"delivery": value})
        event["MessageID"] = f"message-{value}"
        assert post_json(client, POSTMARK_TRACKING, event, **basic_auth()).status_code == 200
    assert list(MailEvent.objects.values_list("delivery", flat=True)) == [None] * 4
