"""Background work: every email leaves through a task, never from inside a web request."""

from datetime import timedelta

from django.db.models import F
from django.tasks import task
from django.utils import timezone

from . import emails, sending, services
from .models import Issue, Subscriber

MAIL_SERVER_RETRY = timedelta(minutes=5)


@task
def send_confirmation(subscriber_id):
    subscriber = Subscriber.objects.pending().filter(pk=subscriber_id).first()
    if subscriber is None:
        return  # confirmed or gone in the meantime: nothing to confirm
    services.message_send(emails.confirmation_message(subscriber))
    Subscriber.objects.filter(pk=subscriber_id).update(
        confirmation_sent_at=timezone.now(), confirmations_sent=F("confirmations_sent") + 1
    )


@task
def send_welcome(subscriber_id):
    subscriber = Subscriber.objects.confirmed().filter(pk=subscriber_id).first()
    if subscriber is not None:
        services.message_send(emails.welcome_message(subscriber))


@task
def send_issue(issue_id, stale_after_seconds=None):
    """Deliver an issue; several of these may run at once for the same issue."""
    stale_after = (
        sending.CLAIM_TIMEOUT
        if stale_after_seconds is None
        else timedelta(seconds=stale_after_seconds)
    )
    can_defer = send_issue.get_backend().supports_defer
    try:
        outcome = sending.deliver_issue(issue_id, stale_after=stale_after)
    except sending.SendingStopped:
        if can_defer:  # the mail server is down: try the rest again later
            send_issue.using(run_after=timezone.now() + MAIL_SERVER_RETRY).enqueue(issue_id)
        raise
    if outcome.recheck_at and can_defer:
        # Other workers hold the rest; if one of them died, its share is picked up then.
        send_issue.using(run_after=outcome.recheck_at).enqueue(issue_id)
    return {"sent": outcome.sent, "failed": outcome.failed, "skipped": outcome.skipped}


@task
def send_issue_test(issue_id, address):
    issue = Issue.objects.get(pk=issue_id)
    emails.IssueContent(issue).test_message(address).send()
