from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter import emails, sending, services, tasks
from newsletter.models import Delivery, Issue, Subscriber, Suppression
from tests.factories import make_article
from tests.smtp import free_port

from .helpers import html_part, links_in, make_issue, make_subscriber, raw_header, text_part
from .mailserver import point_mailer_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Queue an issue for sending and run the background task the way a worker would."""

    def run(issue):
        with django_capture_on_commit_callbacks(execute=True):
            return services.issue_send(issue=issue)

    return run


def queue(issue):
    """Queue an issue without running the worker, to drive deliver_issue by hand."""
    services.issue_send(issue=issue)
    issue.refresh_from_db()
    return issue


def test_issue_reaches_each_confirmed_subscriber_once(mail_server, send, settings):
    """Every confirmed subscriber gets one copy; pending and unsubscribed ones get none."""
    settings.SITE_URL = "https://breakingeven.example.com"
    confirmed = [make_subscriber() for _ in range(3)]
    make_subscriber("waiting@example.com", status=Subscriber.Status.PENDING)
    make_subscriber("left@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    issue = make_issue()

    assert send(issue) == 3

    assert mail_server.copies_by_recipient() == {s.email: 1 for s in confirmed}
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT and issue.sent_at
    assert issue.progress()["sent"] == 3
    delivery = issue.deliveries.get(subscriber=confirmed[0])
    assert (delivery.attempts, delivery.error) == (1, "") and delivery.sent_at


def test_each_copy_has_its_own_one_click_unsubscribe(mail_server, send, settings, client):
    """Each copy carries RFC 8058 headers with that reader's link, which unsubscribes them."""
    settings.SITE_URL = "https://breakingeven.example.com"
    first, second = make_subscriber(), make_subscriber()
    send(make_issue())

    [copy] = mail_server.to(first.email)
    link = copy["List-Unsubscribe"].strip("<>")
    assert link.startswith(f"{settings.SITE_URL}/newsletter/unsubscribe/")
    # On one line, as written: providers don't decode a URL folded into encoded words.
    assert raw_header(copy, "List-Unsubscribe") == f"<{link}>"
    assert copy["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in text_part(copy) and link in html_part(copy)
    assert link != mail_server.to(second.email)[0]["List-Unsubscribe"].strip("<>")

    response = client.post(
        link.removeprefix(settings.SITE_URL),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Subscriber.Status.UNSUBSCRIBED
    assert second.status == Subscriber.Status.CONFIRMED


def test_issue_announces_articles_with_absolute_links(mail_server, send, settings):
    """Chosen published articles appear with title, standfirst and absolute link; drafts don't."""
    settings.SITE_URL = "https://breakingeven.example.com"
    article = make_article(title="Rates in 2025", dek="What platforms pay now.")
    draft = make_article(title="Not yet out", published=False)
    subscriber = make_subscriber()
    send(make_issue(articles=[article, draft], body_markdown="Read [our guide](/guide/)."))

    [copy] = mail_server.to(subscriber.email)
    text, html = text_part(copy), html_part(copy)
    for part in (text, html):
        assert "Rates in 2025" in part and "What platforms pay now." in part
        assert f"{settings.SITE_URL}{article.get_absolute_url()}" in part
        assert "Not yet out" not in part
        assert f"{settings.SITE_URL}/guide/" in part
    assert all(url.startswith(settings.SITE_URL) for url in links_in(text) + links_in(html))


def test_batches_go_over_one_connection_each(mail_server, settings):
    """25 deliveries in batches of 10 use three SMTP connections."""
    for _ in range(25):
        make_subscriber()
    issue = queue(make_issue())

    sending.deliver_issue(issue.pk, batch_size=10)

    assert len(mail_server.messages) == 25
    assert len(mail_server.connections) == 3


def test_a_recipient_busy_for_now_fails_alone_and_can_be_retried(
    mail_server, django_capture_on_commit_callbacks
):
    """A 4xx refusal fails that copy alone, with the server's answer, and suppresses nothing:
    a retry sends it once."""
    good, busy = make_subscriber(), make_subscriber()
    mail_server.busy.add(busy.email)
    issue = queue(make_issue())

    outcome = sending.deliver_issue(issue.pk)

    assert (outcome.sent, outcome.failed, outcome.finished) == (1, 1, True)
    failed = issue.deliveries.get(subscriber=busy)
    assert failed.status == Delivery.Status.FAILED and "450" in failed.error
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert not Suppression.objects.exists()

    mail_server.busy.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_retry(deliveries=issue.deliveries.all()) == 1

    assert mail_server.copies_by_recipient() == {good.email: 1, busy.email: 1}
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.SENT and failed.attempts == 2
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


@pytest.mark.parametrize("where", ["refused", "gone"])
def test_a_mailbox_refused_for_good_is_a_hard_bounce(
    mail_server, django_capture_on_commit_callbacks, where, admin_user
):
    """A 5xx saying the mailbox does not exist, at RCPT or after DATA, fails the copy and
    suppresses the address like a provider's hard bounce: a retry skips it, until an editor
    lifts the suppression."""
    good, bad = make_subscriber(), make_subscriber("Gone.Reader@example.com")
    getattr(mail_server, where).add(bad.email)
    issue = queue(make_issue())

    outcome = sending.deliver_issue(issue.pk)

    assert (outcome.sent, outcome.failed) == (1, 1)
    failed = issue.deliveries.get(subscriber=bad)
    assert failed.status == Delivery.Status.FAILED and "550" in failed.error
    suppression = Suppression.objects.get()
    assert suppression.email == "gone.reader@example.com"
    assert (suppression.reason, suppression.provider) == ("hard_bounce", "smtp")
    assert suppression.event_id == f"delivery-{failed.pk}" and "5.1.1" in suppression.detail

    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_retry(deliveries=issue.deliveries.filter(pk=failed.pk))
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.SKIPPED
    assert mail_server.copies_by_recipient() == {good.email: 1}

    getattr(mail_server, where).clear()
    services.suppression_lift(suppression=suppression, note="Mailbox restored", user=admin_user)
    failed.status = Delivery.Status.FAILED
    failed.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_retry(deliveries=issue.deliveries.filter(pk=failed.pk))
    assert mail_server.copies_by_recipient() == {good.email: 1, bad.email: 1}


def test_mail_server_down_leaves_everything_waiting(settings, mail_server):
    """With no server to talk to, nothing is lost: the deliveries wait for the next run."""
    subscribers = [make_subscriber() for _ in range(3)]
    issue = queue(make_issue())
    port = settings.MAILERS["default"]["OPTIONS"]["port"]
    point_mailer_at(settings, free_port())

    with pytest.raises(sending.SendingStopped):
        sending.deliver_issue(issue.pk)

    assert set(issue.deliveries.values_list("status", "claim")) == {("waiting", None)}
    point_mailer_at(settings, port)
    sending.deliver_issue(issue.pk)
    assert mail_server.copies_by_recipient() == {s.email: 1 for s in subscribers}


def _leave_as_a_dead_worker(issue, *, handed_over, claimed_at):
    """The state a worker leaves when it is killed while handing over its third message.

    It claimed the first five rows, sent two and recorded them, and the server took the
    third before the worker died.
    """
    claimed = list(issue.deliveries.order_by("pk")[:5])
    content = emails.IssueContent(issue)
    token = "6f1c2a4e-0000-4000-8000-000000000001"
    Delivery.objects.filter(pk__in=[d.pk for d in claimed]).update(
        status=Delivery.Status.SENDING, claim=token, claimed_at=claimed_at, attempts=1
    )
    for delivery in claimed[:handed_over]:
        content.message_for(delivery.subscriber).send()
    Delivery.objects.filter(pk__in=[d.pk for d in claimed[:2]]).update(
        status=Delivery.Status.SENT, sent_at=claimed_at
    )
    return claimed


def test_worker_killed_mid_batch_is_resumed_without_a_second_copy(mail_server):
    """After a crash only the message in flight is in doubt; it is never sent again."""
    subscribers = [make_subscriber() for _ in range(8)]
    issue = queue(make_issue())
    claimed = _leave_as_a_dead_worker(
        issue, handed_over=3, claimed_at=timezone.now() - timedelta(minutes=10)
    )

    outcome = sending.deliver_issue(issue.pk)

    assert mail_server.copies_by_recipient() == {s.email: 1 for s in subscribers}
    in_doubt = Delivery.objects.get(pk=claimed[2].pk)
    assert in_doubt.status == Delivery.Status.FAILED and "Interrupted" in in_doubt.error
    assert outcome.sent == 5 and outcome.finished
    assert issue.progress() == {
        "total": 8, "sent": 7, "failed": 1, "skipped": 0, "waiting": 0, "done": 8
    }  # fmt: skip


def test_a_live_workers_claim_is_left_alone(mail_server):
    """Rows claimed moments ago belong to a running worker; another worker does the rest."""
    for _ in range(8):
        make_subscriber()
    issue = queue(make_issue())
    claimed_at = timezone.now()
    claimed = _leave_as_a_dead_worker(issue, handed_over=2, claimed_at=claimed_at)

    outcome = sending.deliver_issue(issue.pk)

    assert outcome.sent == 3 and not outcome.finished
    assert outcome.recheck_at == claimed_at + sending.CLAIM_TIMEOUT
    assert set(
        issue.deliveries.filter(pk__in=[d.pk for d in claimed[2:]]).values_list("status", flat=True)
    ) == {Delivery.Status.SENDING}
    assert sum(mail_server.copies_by_recipient().values()) == 5
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENDING


def test_the_task_looks_again_when_another_workers_claim_would_go_stale(mail_server, settings):
    """With the database queue, the task schedules itself for when a dead worker's claim expires."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for _ in range(6):
        make_subscriber()
    issue = queue(make_issue())
    claimed_at = timezone.now()
    _leave_as_a_dead_worker(issue, handed_over=2, claimed_at=claimed_at)

    tasks.send_issue.call(issue.pk)

    [follow_up] = DBTaskResult.objects.filter(task_path="newsletter.tasks.send_issue")
    assert follow_up.args_kwargs["args"] == [issue.pk]
    assert follow_up.run_after == claimed_at + sending.CLAIM_TIMEOUT


def test_reader_who_leaves_before_their_turn_is_skipped(mail_server):
    """Unsubscribing while an issue is being sent stops the copy that had not gone yet."""
    stays, leaves = make_subscriber(), make_subscriber()
    issue = queue(make_issue())
    services.subscription_unsubscribe(subscriber=leaves)

    outcome = sending.deliver_issue(issue.pk)

    assert (outcome.sent, outcome.skipped) == (1, 1)
    assert mail_server.copies_by_recipient() == {stays.email: 1}
    assert issue.deliveries.get(subscriber=leaves).status == Delivery.Status.SKIPPED


def test_a_batch_running_out_of_time_hands_back_the_rest(mail_server, monkeypatch):
    """A worker past its time limit returns unsent rows to waiting; the next batch sends them."""
    monkeypatch.setattr(sending, "BATCH_TIME_LIMIT", 0)
    subscribers = [make_subscriber() for _ in range(4)]
    issue = queue(make_issue())

    outcome = sending.deliver_issue(issue.pk, batch_size=4)

    assert outcome.sent == 4 and outcome.finished
    assert len(mail_server.connections) == 4  # one message per batch before time ran out
    assert mail_server.copies_by_recipient() == {s.email: 1 for s in subscribers}


def test_sending_again_is_refused(mail_server, send):
    """An issue already sent cannot be queued a second time."""
    make_subscriber()
    issue = make_issue()
    send(issue)
    assert send(issue) is None
    assert len(mail_server.messages) == 1 and issue.deliveries.count() == 1


def test_subscribers_who_confirm_during_sending_wait_for_the_next_issue(mail_server, send):
    """The recipients are fixed when sending starts."""
    make_subscriber()
    issue = queue(make_issue())
    late = make_subscriber()
    sending.deliver_issue(issue.pk)
    assert mail_server.to(late.email) == []


def test_a_test_copy_goes_only_to_the_editor(mail_server):
    """'Send a test to me' sends one copy marked [Test], with no personal unsubscribe header."""
    make_subscriber()
    issue = make_issue(subject="Pay rates")
    tasks.send_issue_test.call(issue.pk, "editor@example.com")
    [copy] = mail_server.messages
    assert copy["To"] == "editor@example.com"
    assert copy["Subject"] == "[Test] Pay rates"
    assert copy["List-Unsubscribe"] is None
    assert issue.deliveries.count() == 0


def test_the_task_tries_again_later_when_the_mail_server_is_down(settings):
    """With the database queue, a send stopped by a dead mail server is queued again for later."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    point_mailer_at(settings, free_port())
    make_subscriber()
    issue = queue(make_issue())
    before = timezone.now()

    with pytest.raises(sending.SendingStopped):
        tasks.send_issue.call(issue.pk)

    retry = DBTaskResult.objects.get(task_path="newsletter.tasks.send_issue", run_after__gt=before)
    assert retry.run_after >= before + tasks.MAIL_SERVER_RETRY
    assert issue.deliveries.get().status == Delivery.Status.WAITING


def test_a_copy_refused_after_its_content_fails_alone(mail_server):
    """A server refusing one message after reading it fails that copy; the next still goes out."""
    first, refused, last = make_subscriber(), make_subscriber(), make_subscriber()
    mail_server.rejected.add(refused.email)
    issue = queue(make_issue())

    outcome = sending.deliver_issue(issue.pk)

    assert (outcome.sent, outcome.failed, outcome.finished) == (2, 1, True)
    assert mail_server.copies_by_recipient() == {first.email: 1, last.email: 1}
    failed = issue.deliveries.get(subscriber=refused)
    assert failed.status == Delivery.Status.FAILED and "554" in failed.error
    assert len(mail_server.connections) == 1
    assert not Suppression.objects.exists()  # refused for its content, not its address


def test_non_ascii_subject_and_addresses_arrive_intact(mail_server, settings):
    """A non-ASCII subject and an internationalised domain arrive; an unsendable address fails."""
    settings.SITE_URL = "https://breakingeven.example.com"
    subject = "Café prices: naïve résumés — ✓"
    plain = make_subscriber("o'brien+news@example.com")
    idn = make_subscriber("leser@xn--bcher-kva.example")  # stored IDNA-encoded, like signups
    unicode_domain = make_subscriber("reader@bücher.example")
    unsendable = make_subscriber("josé@example.com")  # would need SMTPUTF8
    issue = queue(make_issue(subject=subject, body_markdown="Ça coûte **cher**."))

    outcome = sending.deliver_issue(issue.pk)

    assert (outcome.sent, outcome.failed, outcome.finished) == (3, 1, True)
    for subscriber in (plain, idn):
        [copy] = mail_server.to(subscriber.email)
        assert copy["Subject"] == subject and "Ça coûte" in text_part(copy)
        link = emails.unsubscribe_url(subscriber)
        assert raw_header(copy, "List-Unsubscribe") == f"<{link}>"
        assert link in text_part(copy) and link in html_part(copy)
    [copy] = mail_server.to("reader@xn--bcher-kva.example")
    assert copy["Subject"] == subject
    assert issue.deliveries.get(subscriber=unicode_domain).status == Delivery.Status.SENT
    failed = issue.deliveries.get(subscriber=unsendable)
    assert failed.status == Delivery.Status.FAILED and "non-ASCII" in failed.error
