"""Delivering an issue to its subscribers exactly once, in batches over one SMTP connection.

Every (issue, subscriber) pair has one Delivery row, and the row's status is the truth.

1. Claim. In a short transaction a worker locks up to `batch_size` waiting rows with
   SELECT ... FOR UPDATE SKIP LOCKED and marks them "sending" with its claim token and the
   time. A second worker skips the locked rows and claims others, so two workers never hold
   the same row. No lock is held while mail goes out.
2. Send, over one SMTP connection per batch, strictly in id order, and commit each row's
   outcome (sent, failed, skipped) before handing the next message to the server. A message
   is handed over by the dot that ends its DATA: its envelope and content go out while the
   previous outcome is still committing (newsletter/outcomes.py), and the dot only once that
   commit is done (newsletter/handover.py). A refused recipient is recorded as failed, with
   the server's answer, and can be retried from the admin.
3. Recover. A worker that is killed leaves rows "sending" under its claim. Because of the
   order in step 2, only the first of them can have been in the mail server's hands when the
   worker died; the others were never handed over (a message cut off before its dot is
   discarded by the server). Once the claim is older than CLAIM_TIMEOUT, any worker marks
   that first row failed ("interrupted": it may have arrived, so it is not re-sent
   automatically) and puts the others back to waiting. The result is at most one copy
   per subscriber, and exactly one for everyone but the single row a crash can leave in doubt.

A live worker stops handing out messages once its batch is BATCH_TIME_LIMIT old and returns
the rest, so its claims never get near CLAIM_TIMEOUT and are never taken over while it runs.
"""

import smtplib
import time
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from anymail.exceptions import AnymailError, AnymailRecipientsRefused
from django.core import mail
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone

from . import outcomes, services
from .emails import IssueContent
from .handover import handover_for
from .models import Delivery, Issue, Subscriber, is_suppressed

BATCH_SIZE = 100
BATCH_TIME_LIMIT = 60  # seconds
CLAIM_TIMEOUT = timedelta(minutes=5)
INTERRUPTED = (
    "Interrupted: the worker stopped while handing this email to the mail server, so it may "
    "have arrived. It is not re-sent automatically, to avoid a second copy."
)

# The server refused this one message; the connection is still good for the next.
RECIPIENT_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
    ValueError,
    AnymailRecipientsRefused,
)
# The mail server or the provider's API cannot be used now: the rest waits for a retry.
SERVER_ERRORS = (smtplib.SMTPException, OSError, AnymailError)


class SendingStopped(Exception):
    """The mail server could not be used; the unsent rest of the issue is left waiting."""


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    finished: bool = False
    # When other workers' claims would go stale: someone should look again then.
    recheck_at: datetime | None = None


def deliver_issue(issue_id, *, batch_size=BATCH_SIZE, stale_after=CLAIM_TIMEOUT):
    """Send every unsent delivery of a sending issue; safe to run in several workers at once."""
    outcome = Outcome()
    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).first()
    if issue is None:
        return outcome
    content = IssueContent(issue)
    recover_abandoned(issue, stale_before=timezone.now() - stale_after)
    while batch := _claim(issue, batch_size=batch_size):
        _send_batch(content, batch, outcome)
    _finish(issue, outcome, stale_after=stale_after)
    return outcome


def recover_abandoned(issue, *, stale_before):
    """Settle the claims of workers that died (step 3 above)."""
    with transaction.atomic():
        abandoned = list(
            issue.deliveries.abandoned(stale_before=stale_before)
            .select_for_update()
            .order_by("pk")
            .values_list("pk", "claim")
        )
        in_doubt = {}
        for pk, claim in abandoned:
            in_doubt.setdefault(claim, pk)  # the first row of each claim, in id order
        Delivery.objects.filter(pk__in=in_doubt.values()).update(
            status=Delivery.Status.FAILED, error=INTERRUPTED
        )
        Delivery.objects.filter(pk__in=[pk for pk, _ in abandoned]).exclude(
            pk__in=in_doubt.values()
        ).update(status=Delivery.Status.WAITING, claim=None, claimed_at=None)


def _claim(issue, *, batch_size):
    token, now = uuid.uuid4(), timezone.now()
    with transaction.atomic():
        ids = list(
            issue.deliveries.waiting()
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(
        Delivery.objects.filter(pk__in=ids, claim=token)
        .select_related("subscriber")
        .annotate(suppressed=is_suppressed("subscriber__email"))
        .order_by("pk")
    )


def _send_batch(content, batch, outcome):
    deadline = time.monotonic() + BATCH_TIME_LIMIT
    unsent = deque(batch)
    recorder = outcomes.recorder_for_connection()
    try:
        with mail.mailers.default as backend:
            handover = handover_for(backend)
            try:
                while unsent:
                    _send_one(handover, recorder, content, unsent.popleft(), outcome)
                    if time.monotonic() > deadline:
                        break
            finally:
                handover.close()
    except SERVER_ERRORS as error:
        raise SendingStopped(f"The mail server failed: {error}") from error
    finally:
        recorder.wait()
        # Whatever stopped us (time, a dead server, a shutdown signal), rows never handed over
        # go back to waiting at once rather than after the claim times out.
        Delivery.objects.filter(
            pk__in=[d.pk for d in unsent], claim=batch[0].claim, status=Delivery.Status.SENDING
        ).update(status=Delivery.Status.WAITING, claim=None, claimed_at=None)


def _send_one(handover, recorder, content, delivery, outcome):
    """Hand one copy over; its outcome is committed before the next copy can reach the server.

    Everything up to the copy's final dot is sent while the previous outcome is committing;
    recorder.wait() before the dot keeps the order of step 2.
    """
    if delivery.subscriber.status != Subscriber.Status.CONFIRMED or delivery.suppressed:
        recorder.record(delivery, Delivery.Status.SKIPPED)
        outcome.skipped += 1
        return
    try:
        handover.prepare(
            content,
            delivery.subscriber,
            metadata={"issue": str(delivery.issue_id), "delivery": str(delivery.pk)},
        )
        recorder.wait()
        handover.finish()
    except RECIPIENT_ERRORS as error:
        recorder.record(delivery, Delivery.Status.FAILED, error=str(error)[:1000])
        outcome.failed += 1
        recorder.wait()  # a refusal for good suppresses, on the connection the recorder holds
        services.refusals_record(
            error,
            [delivery.subscriber.email],
            event_id=f"delivery-{delivery.pk}",
            delivery_id=delivery.pk,
        )
    except Exception as error:
        # Not handed over, or the connection broke mid-message: record it for a retry.
        recorder.record(delivery, Delivery.Status.FAILED, error=str(error)[:1000])
        outcome.failed += 1
        raise
    else:
        recorder.record(delivery, Delivery.Status.SENT, sent_at=timezone.now(), error="")
        outcome.sent += 1


def _finish(issue, outcome, *, stale_after):
    unfinished = issue.deliveries.unfinished()
    if unfinished.exists():
        # Other workers hold the rest. If they die, their claims go stale at this time.
        oldest_claim = unfinished.aggregate(oldest=Min("claimed_at"))["oldest"]
        outcome.recheck_at = (oldest_claim or timezone.now()) + stale_after
        return
    Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
        status=Issue.Status.SENT, sent_at=timezone.now()
    )
    outcome.finished = True
