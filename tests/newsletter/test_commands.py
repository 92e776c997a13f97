from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from bench.management.commands.bench_newsletter import Command as BenchNewsletter
from newsletter.models import Delivery, Issue, Subscriber

from .helpers import make_issue, make_subscriber

pytestmark = pytest.mark.django_db


def test_purge_unconfirmed_deletes_only_old_pending_requests():
    """Pending requests older than 30 days go; recent ones and real subscribers stay."""
    long_ago = timezone.now() - timedelta(days=31)
    old = make_subscriber(status=Subscriber.Status.PENDING, requested_at=long_ago)
    recent = make_subscriber(status=Subscriber.Status.PENDING)
    confirmed = make_subscriber(requested_at=long_ago)
    left = make_subscriber(status=Subscriber.Status.UNSUBSCRIBED, requested_at=long_ago)
    out = StringIO()

    call_command("purge_unconfirmed", stdout=out)

    assert set(Subscriber.objects.all()) == {recent, confirmed, left}
    assert not Subscriber.objects.filter(pk=old.pk).exists()
    assert "Deleted 1 unconfirmed subscription" in out.getvalue()


def test_purge_counts_from_the_latest_request():
    """Someone who asked again recently is kept even if they first signed up long ago."""
    long_ago = timezone.now() - timedelta(days=90)
    kept = make_subscriber(status=Subscriber.Status.PENDING, created_at=long_ago)
    call_command("purge_unconfirmed", stdout=StringIO())
    assert Subscriber.objects.filter(pk=kept.pk).exists()


def test_resume_sending_restarts_every_issue_being_sent(
    django_capture_on_commit_callbacks, mailoutbox
):
    """After a crash the command puts a worker back on each issue still sending."""
    issue = make_issue(status=Issue.Status.SENDING)
    Delivery.objects.create(issue=issue, subscriber=make_subscriber())
    make_issue(status=Issue.Status.DRAFT)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resume_sending", stdout=out)
    assert f"Resuming: {issue.subject}" in out.getvalue()
    assert len(mailoutbox) == 1
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT


def test_resume_sending_with_nothing_to_do():
    """With no issue being sent, the command says so."""
    out = StringIO()
    call_command("resume_sending", stdout=out)
    assert "No issue is being sent." in out.getvalue()


def test_benchmark_command_sends_through_its_own_sink_and_cleans_up():
    """The benchmark sends every delivery to its SMTP sink, reports a rate and leaves nothing."""
    keep = make_subscriber()
    out = StringIO()
    call_command(BenchNewsletter(), subscribers=30, batch_size=10, stdout=out)
    assert "Sent 30 deliveries in" in out.getvalue()
    assert "deliveries/second" in out.getvalue()
    assert list(Subscriber.objects.all()) == [keep]
    assert Issue.objects.count() == 0 and Delivery.objects.count() == 0
