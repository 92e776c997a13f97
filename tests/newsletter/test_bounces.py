import base64
import json
from datetime import timedelta
from http.client import HTTPConnection

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.tasks import send_moderation_notice, send_reply_notice
from newsletter import services
from newsletter.models import Delivery, MailEvent, Subscriber, Suppression
from newsletter.sending import deliver_issue
from tests.factories import make_article, make_comment
from tests.newsletter.helpers import make_issue, make_subscriber
from tests.newsletter.webhook_samples import (
    MAILGUN_TRACKING,
    POSTMARK_TRACKING,
    SES_TRACKING,
    mailgun_complaint,
    mailgun_permanent_failure,
    mailgun_signed,
    postmark_bounce,
    postmark_spam_complaint,
    ses_bounce,
    ses_complaint,
    ses_headers,
    ses_notification,
)
from tests.servers import database_url

pytestmark = pytest.mark.django_db

SECRET = "provider:webhook-secret-for-tests"
MAILGUN_KEY = "mailgun-signing-key-for-tests"


@pytest.fixture(autouse=True)
def webhook_secrets(settings):
    settings.ANYMAIL = {
        **django_settings.ANYMAIL,
        "WEBHOOK_SECRET": SECRET,
        "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY,
    }


def basic_auth(secret=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def post_ses(client, notification, **auth):
    return client.post(
        SES_TRACKING,
        data=json.dumps(notification),
        content_type="text/plain; charset=UTF-8",
        headers=ses_headers(notification),
        **(auth or basic_auth()),
    )


def post_json(client, url, payload, **auth):
    return client.post(url, data=json.dumps(payload), content_type="application/json", **auth)


def suppressed_addresses():
    return set(Suppression.objects.active().values_list("email", flat=True))


def test_an_ses_hard_bounce_suppresses_only_the_bounced_subscriber(client):
    """Of three recipients, the one SES reports as a permanent bounce gets no more issues."""
    jane = make_subscriber("Jane@Example.com")
    make_subscriber("mary@example.com")
    bounce = ses_bounce(["jane@example.com"], destination=["jane@example.com", "mary@example.com"])
    response = post_ses(client, ses_notification(bounce))
    assert response.status_code == 200
    suppression = Suppression.objects.get()
    assert suppression.email == "jane@example.com"
    assert suppression.reason == Suppression.Reason.HARD_BOUNCE
    assert suppression.provider == "Amazon SES"
    assert suppression.event_id == "19ba9823-d7f2-53c1-860e-cb10e0d13dfc"
    assert "User unknown" in suppression.detail
    assert list(Subscriber.objects.confirmed()) == [
        Subscriber.objects.get(email="mary@example.com")
    ]
    assert jane not in Subscriber.objects.confirmed()


def test_one_ses_notification_can_bounce_several_recipients(client):
    """Each bounced recipient of one notification is suppressed, the others are not."""
    for address in ("a@example.com", "b@example.com", "c@example.com"):
        make_subscriber(address)
    bounce = ses_bounce(
        ["a@example.com", "b@example.com"],
        destination=["a@example.com", "b@example.com", "c@example.com"],
    )
    assert post_ses(client, ses_notification(bounce)).status_code == 200
    assert suppressed_addresses() == {"a@example.com", "b@example.com"}


def test_an_ses_complaint_suppresses_at_once(client):
    """A reader pressing "Report spam" gets nothing more."""
    make_subscriber("richard@example.com")
    response = post_ses(client, ses_notification(ses_complaint("richard@example.com")))
    assert response.status_code == 200
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINT


def test_ses_without_credentials_gets_401_and_with_wrong_ones_400(client):
    """SNS retries with basic auth after a 401; a wrong secret is refused; nothing changes."""
    make_subscriber("jane@example.com")
    notification = ses_notification(ses_bounce(["jane@example.com"]))
    unauthenticated = client.post(
        SES_TRACKING,
        data=json.dumps(notification),
        content_type="text/plain",
        headers=ses_headers(notification),
    )
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["WWW-Authenticate"].startswith("Basic")
    wrong = post_ses(client, notification, **basic_auth("provider:guessed"))
    assert wrong.status_code == 400
    assert not MailEvent.objects.exists()
    assert not Suppression.objects.exists()


def test_a_replayed_event_changes_nothing_twice(client, admin_user):
    """The same notification again, even after the editor lifted the suppression, is ignored."""
    make_subscriber("jane@example.com")
    notification = ses_notification(ses_bounce(["jane@example.com"]))
    assert post_ses(client, notification).status_code == 200
    suppression = Suppression.objects.get()
    services.suppression_lift(suppression=suppression, note="Mailbox fixed", user=admin_user)
    assert post_ses(client, notification).status_code == 200
    assert MailEvent.objects.count() == 1
    suppression.refresh_from_db()
    assert suppression.lifted_at is not None
    assert suppressed_addresses() == set()


def test_soft_bounces_suppress_after_the_limit_of_distinct_messages(client, settings):
    """Postmark soft bounces: two messages are not enough, the third one suppresses."""
    settings.SOFT_BOUNCE_LIMIT = 3
    make_subscriber("full@example.com")
    for number in range(2):
        bounce = postmark_bounce(
            "full@example.com", kind="SoftBounce", event_id=100 + number, message_id=f"m-{number}"
        )
        assert post_json(client, POSTMARK_TRACKING, bounce, **basic_auth()).status_code == 200
    # The same message reported again (a retry) does not count twice.
    again = postmark_bounce("full@example.com", kind="SoftBounce", event_id=150, message_id="m-1")
    post_json(client, POSTMARK_TRACKING, again, **basic_auth())
    assert suppressed_addresses() == set()
    third = postmark_bounce("full@example.com", kind="SoftBounce", event_id=103, message_id="m-3")
    post_json(client, POSTMARK_TRACKING, third, **basic_auth())
    assert Suppression.objects.get().reason == Suppression.Reason.SOFT_BOUNCES


def test_soft_bounces_outside_the_window_do_not_count(settings):
    """Only bounces within SOFT_BOUNCE_WINDOW_DAYS add up."""
    settings.SOFT_BOUNCE_LIMIT, settings.SOFT_BOUNCE_WINDOW_DAYS = 2, 30
    make_subscriber("slow@example.com")
    now = timezone.now()
    for number, when in enumerate([now - timedelta(days=45), now]):
        services.mail_event_record(
            provider="Postmark",
            event_id=str(number),
            kind=MailEvent.Kind.SOFT_BOUNCE,
            email="slow@example.com",
            occurred_at=when,
            message_id=f"m-{number}",
        )
    assert suppressed_addresses() == set()


def test_postmark_hard_bounce_and_spam_complaint(client):
    """Postmark's HardBounce and SpamComplaint records suppress, with their reasons."""
    make_subscriber("bounce@example.com")
    make_subscriber("spam@example.com")
    hard = post_json(
        client, POSTMARK_TRACKING, postmark_bounce("bounce@example.com"), **basic_auth()
    )
    spam = post_json(
        client, POSTMARK_TRACKING, postmark_spam_complaint("spam@example.com"), **basic_auth()
    )
    assert hard.status_code == spam.status_code == 200
    reasons = dict(Suppression.objects.values_list("email", "reason"))
    assert reasons == {
        "bounce@example.com": Suppression.Reason.HARD_BOUNCE,
        "spam@example.com": Suppression.Reason.COMPLAINT,
    }


def test_postmark_without_its_secret_is_refused(client):
    """Postmark authenticates with the basic-auth secret: none or a wrong one changes nothing."""
    make_subscriber("bounce@example.com")
    payload = postmark_bounce("bounce@example.com")
    assert post_json(client, POSTMARK_TRACKING, payload).status_code == 400
    assert post_json(client, POSTMARK_TRACKING, payload, **basic_auth("x:y")).status_code == 400
    assert not Suppression.objects.exists()


def test_mailgun_signed_events_suppress_and_forged_ones_are_refused(client):
    """Mailgun's HMAC signature is checked (besides the shared basic-auth secret): a permanent
    failure and a complaint suppress."""
    make_subscriber("invalid@example.com")
    make_subscriber("recipient@example.com")
    forged = mailgun_signed(mailgun_permanent_failure("invalid@example.com"), "not-the-key")
    assert post_json(client, MAILGUN_TRACKING, forged, **basic_auth()).status_code == 400
    assert not Suppression.objects.exists()
    failure = mailgun_signed(mailgun_permanent_failure("invalid@example.com"), MAILGUN_KEY)
    complaint = mailgun_signed(
        mailgun_complaint("recipient@example.com"), MAILGUN_KEY, token="fedcba0987654321" * 2
    )
    assert post_json(client, MAILGUN_TRACKING, failure, **basic_auth()).status_code == 200
    assert post_json(client, MAILGUN_TRACKING, complaint, **basic_auth()).status_code == 200
    # Replayed: Mailgun's signing token is the event's id.
    assert post_json(client, MAILGUN_TRACKING, failure, **basic_auth()).status_code == 200
    assert MailEvent.objects.count() == 2
    assert dict(Suppression.objects.values_list("email", "reason")) == {
        "invalid@example.com": Suppression.Reason.HARD_BOUNCE,
        "recipient@example.com": Suppression.Reason.COMPLAINT,
    }


def test_an_event_for_an_unknown_address_is_logged_and_ignored(client, caplog):
    """A bounce for an address the site never mailed is answered 200 and stored nowhere."""
    response = post_ses(client, ses_notification(ses_bounce(["stranger@example.com"])))
    assert response.status_code == 200
    assert not MailEvent.objects.exists()
    assert "unknown address" in caplog.text
    assert "stranger@example.com" not in caplog.text


def test_a_malformed_payload_gets_400(client):
    """Broken JSON, or a notification whose message is not SES's, is refused with 400."""
    broken = client.post(
        POSTMARK_TRACKING, data="{not json", content_type="application/json", **basic_auth()
    )
    assert broken.status_code == 400
    notification = ses_notification({"notificationType": "Bounce"})
    assert post_ses(client, notification).status_code == 400
    assert not MailEvent.objects.exists()


def test_webhooks_answer_404_until_their_secret_is_set(client, settings):
    """Without a secret anymail would take unauthenticated events, so the URL is not there."""
    settings.ANYMAIL = {"WEBHOOK_SECRET": None, "MAILGUN_WEBHOOK_SIGNING_KEY": None}
    make_subscriber("bounce@example.com")
    payload = postmark_bounce("bounce@example.com")
    assert post_json(client, POSTMARK_TRACKING, payload).status_code == 404
    assert post_json(client, MAILGUN_TRACKING, {}).status_code == 404
    assert not Suppression.objects.exists()


def test_a_suppressed_subscriber_gets_no_issue_even_mid_send(mail_server):
    """Suppressed before the send: no delivery. Suppressed after it started: skipped."""
    early = make_subscriber("early@example.com")
    late = make_subscriber("late@example.com")
    keeps = make_subscriber("keeps@example.com")
    Suppression.objects.create(email="early@example.com", reason="hard_bounce", provider="SMTP")
    issue = make_issue()
    assert services.issue_send(issue=issue) == 2
    Suppression.objects.create(email="late@example.com", reason="complaint", provider="Postmark")
    deliver_issue(issue.pk)
    statuses = dict(issue.deliveries.values_list("subscriber__email", "status"))
    assert statuses == {late.email: Delivery.Status.SKIPPED, keeps.email: Delivery.Status.SENT}
    assert early.email not in statuses
    assert [m["To"] for m in mail_server.messages] == [keeps.email]


def test_a_suppressed_address_gets_no_confirmation_email(client, mailoutbox):
    """Signing up again with a suppressed address sends nothing; the answer is the same."""
    Suppression.objects.create(email="gone@example.com", reason="hard_bounce", provider="SMTP")
    response = client.post(reverse("newsletter:signup"), {"email": "Gone@example.com"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_reply_and_moderation_notices_skip_suppressed_addresses(settings, mailoutbox):
    """A suppressed commenter gets no reply notice; a suppressed editor no moderation notice."""
    settings.MANAGERS = ["editor@example.com", "bouncing-editor@example.com"]
    article = make_article()
    parent = make_comment(article=article, email="asker@example.com", notify_on_reply=True)
    reply = make_comment(article=article, parent=parent)
    Suppression.objects.create(email="asker@example.com", reason="complaint", provider="SES")
    Suppression.objects.create(
        email="bouncing-editor@example.com", reason="hard_bounce", provider="SES"
    )
    send_reply_notice.call(reply.pk)
    assert mailoutbox == []
    make_comment(article=article, status=Comment.Status.PENDING)
    send_moderation_notice.call()
    assert [message.to for message in mailoutbox] == [["editor@example.com"]]


def test_the_editor_filters_by_reason_and_lifts_with_a_note(admin_client, admin_user):
    """The admin lists suppressions by reason; saving a note lifts one, and mail resumes."""
    make_subscriber("jane@example.com")
    Suppression.objects.create(email="jane@example.com", reason="hard_bounce", provider="SES")
    Suppression.objects.create(email="rich@example.com", reason="complaint", provider="SES")
    changelist = reverse("admin:newsletter_suppression_changelist")
    listed = admin_client.get(changelist, {"reason__exact": "hard_bounce"})
    assert listed.status_code == 200
    assert [s.email for s in listed.context["cl"].result_list] == ["jane@example.com"]
    suppression = Suppression.objects.get(email="jane@example.com")
    response = admin_client.post(
        reverse("admin:newsletter_suppression_change", args=[suppression.pk]),
        {"lift_note": "The reader wrote in: the mailbox works again."},
    )
    assert response.status_code == 302
    suppression.refresh_from_db()
    assert suppression.lifted_at is not None
    assert suppression.lifted_by == admin_user
    assert Subscriber.objects.confirmed().filter(email="jane@example.com").exists()
    lifted = admin_client.get(changelist, {"state": "lifted"})
    assert [s.email for s in lifted.context["cl"].result_list] == ["jane@example.com"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the server process shares the test database"
)
def test_the_running_site_takes_an_ses_bounce_over_http(start_server):
    """gunicorn with production settings: SES's 401 dance, then the bounce suppresses."""
    make_subscriber("jane@example.com")
    server = start_server(
        DATABASE_URL=database_url(connection),
        SECURE_HTTPS="false",
        CACHE_URL="locmemcache://",
        ANYMAIL_WEBHOOK_SECRET=SECRET,
    )
    notification = ses_notification(ses_bounce(["jane@example.com"]))
    headers = {"Content-Type": "text/plain; charset=UTF-8", **ses_headers(notification)}

    def post(extra):
        http = HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            http.request("POST", SES_TRACKING, json.dumps(notification), {**headers, **extra})
            return http.getresponse().status
        finally:
            http.close()

    assert post({}) == 401
    assert not Suppression.objects.exists()
    assert post({"Authorization": basic_auth()["HTTP_AUTHORIZATION"]}) == 200
    assert suppressed_addresses() == {"jane@example.com"}


def test_a_confirmation_refused_for_good_suppresses_the_address(
    mail_server, client, django_capture_on_commit_callbacks
):
    """A 550 for a signup's address is a hard bounce: the task ends quietly, the address gets
    nothing more, and a second signup with it sends nothing."""
    mail_server.refused.add("typo@example.com")
    signup = reverse("newsletter:signup")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(signup, {"email": "typo@example.com"}).status_code == 302
    suppression = Suppression.objects.get(email="typo@example.com")
    assert (suppression.reason, suppression.provider) == ("hard_bounce", "smtp")
    assert suppression.event_id.startswith("message-") and "550" in suppression.detail

    cache.clear()  # past the signup's rate limit: only the suppression can stop the mail now
    mail_server.refused.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(signup, {"email": "typo@example.com"})
    assert mail_server.messages == []
    assert MailEvent.objects.count() == 1


def test_a_reply_notice_refused_for_now_suppresses_nothing(mail_server):
    """A 4xx is the server's "later": the task fails as before, and nothing is suppressed."""
    parent = make_comment(email="busy@example.net", notify_on_reply=True)
    reply = make_comment(parent=parent)
    mail_server.busy.add("busy@example.net")
    result = send_reply_notice.enqueue(reply.pk)
    assert result.status == TaskResultStatus.FAILED
    assert not Suppression.objects.exists()
