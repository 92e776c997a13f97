"""Workflows that cross models and send mail: subscribing, confirming, leaving, sending an issue,
and what providers report back (bounces and complaints)."""

import logging
import re
import smtplib
import uuid
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from breakingeven.ratelimit import hit, keyed_hash

from . import tasks
from .models import (
    ERASED_DOMAIN,
    Delivery,
    Issue,
    MailEvent,
    Subscriber,
    Suppression,
    deliverable,
    suppression_key,
)

logger = logging.getLogger(__name__)

# Per address, so nobody can use the form to flood someone else's inbox.
CONFIRMATION_LIMITS = (("confirm-email", "1/600"), ("confirm-email-daily", "3/86400"))


def confirmation_allowed(address):
    # Keyed: cache keys then hold no address, nor a plain hash anyone could match against a
    # list of addresses, and stay short enough for any cache.
    identity = keyed_hash(address.lower(), purpose="confirm-email")
    return all(hit(scope, identity, rate=rate) for scope, rate in CONFIRMATION_LIMITS)


def subscription_request(*, email, signup_page=""):
    """Someone asked to subscribe `email` (already normalised).

    New and unsubscribed addresses become pending; pending ones are reminded. A confirmation
    email goes out when the address's limits allow. Callers answer the same way whatever
    happened here, so the answer never tells who subscribes.
    """
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.for_email(email).select_for_update().first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email, signup_page=signup_page, created_at=now, requested_at=now
                    )
            except IntegrityError:  # the same address, submitted twice at once
                subscriber = Subscriber.objects.for_email(email).select_for_update().get()
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            subscriber.status = Subscriber.Status.PENDING
            subscriber.signup_page = signup_page
        subscriber.requested_at = now
        subscriber.save(update_fields=["status", "signup_page", "requested_at"])
        if deliverable([email]) and confirmation_allowed(email):
            transaction.on_commit(partial(tasks.send_confirmation.enqueue, subscriber.pk))
    return subscriber


def subscription_confirm(*, subscriber, link_sent_at):
    """Confirm the request a link sent at `link_sent_at` was for, and welcome the reader.

    False if it was already confirmed, or if the link belongs to an earlier request (the
    reader unsubscribed after it was sent).
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return False
        if not subscriber.confirmable_by(link_sent_at):
            return False
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        transaction.on_commit(partial(tasks.send_welcome.enqueue, subscriber.pk))
    return True


def subscription_unsubscribe(*, subscriber):
    """Stop all mail to this subscriber, including the rest of an issue being sent."""
    return bool(
        Subscriber.objects.filter(pk=subscriber.pk)
        .exclude(status=Subscriber.Status.UNSUBSCRIBED)
        .update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    )


def subscriber_data(subscriber):
    """Everything the newsletter holds about one subscriber, as a reader may download it."""
    address = suppression_key(subscriber.email)
    suppression = Suppression.objects.filter(email=address).first()
    events = MailEvent.objects.filter(email=address)
    return {
        "email": subscriber.email,
        "status": subscriber.status,
        "signup_page": subscriber.signup_page,
        "first_signup": subscriber.created_at,
        "last_signup_request": subscriber.requested_at,
        "confirmed_at": subscriber.confirmed_at,
        "unsubscribed_at": subscriber.unsubscribed_at,
        "confirmation_emails_sent": subscriber.confirmations_sent,
        "issues": [
            {"subject": subject, "status": status, "sent_at": sent_at}
            for subject, status, sent_at in subscriber.deliveries.order_by("pk").values_list(
                "issue__subject", "status", "sent_at"
            )
        ],
        "suppression": suppression
        and {
            "reason": suppression.reason,
            "reported_by": suppression.provider,
            "since": suppression.suppressed_at,
            "lifted_at": suppression.lifted_at,
        },
        "mail_events": [
            {"kind": kind, "reported_by": provider, "at": occurred_at}
            for kind, provider, occurred_at in events.values_list("kind", "provider", "occurred_at")
        ],
    }


def subscribers_erase(*, subscribers):
    """Erase subscribers' addresses for good; return how many.

    The row stays, unsubscribed and without an address, so that the counts of issues already
    sent stay true; no mail can reach it again. Bounces, complaints and suppressions of the
    address go too: they would keep it.
    """
    now = timezone.now()
    erased = 0
    with transaction.atomic():
        for subscriber in Subscriber.objects.select_for_update().filter(
            pk__in=[s.pk for s in subscribers]
        ):
            address = suppression_key(subscriber.email)
            MailEvent.objects.filter(email=address).delete()
            Suppression.objects.filter(email=address).delete()
            subscriber.email = f"erased-{subscriber.pk}@{ERASED_DOMAIN}"
            subscriber.signup_page = ""
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = subscriber.unsubscribed_at or now
            subscriber.save(update_fields=["email", "signup_page", "status", "unsubscribed_at"])
            # A delivery's error may quote the address the server refused.
            subscriber.deliveries.exclude(error="").update(error="")
            erased += 1
    return erased


def _enqueue_sending(issue_id):
    transaction.on_commit(partial(tasks.send_issue.enqueue, issue_id))


def issue_send(*, issue):
    """Queue a draft issue for every confirmed subscriber; return how many, or None if not a draft.

    The delivery rows are the list of recipients, fixed at this moment: readers who confirm
    later get the next issue.
    """
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != Issue.Status.DRAFT:
            return None
        issue.status = Issue.Status.SENDING
        issue.sending_started_at = timezone.now()
        issue.save(update_fields=["status", "sending_started_at"])
        recipients = Subscriber.objects.confirmed().values_list("pk", flat=True)
        created = Delivery.objects.bulk_create(
            [Delivery(issue=issue, subscriber_id=pk) for pk in recipients],
            batch_size=2000,
            ignore_conflicts=True,
        )
        _enqueue_sending(issue.pk)
    return len(created)


def issue_resume(*, issue, stale_after_seconds=None):
    """Start a worker on an issue whose sending stopped (a crash, a mail server outage)."""
    if issue.status == Issue.Status.SENDING:
        transaction.on_commit(
            partial(tasks.send_issue.enqueue, issue.pk, stale_after_seconds=stale_after_seconds)
        )
        return True
    return False


def deliveries_retry(*, deliveries):
    """Send failed deliveries again; return how many. Their issues go back to sending."""
    with transaction.atomic():
        failed = deliveries.filter(status=Delivery.Status.FAILED)
        issue_ids = set(failed.values_list("issue_id", flat=True))
        count = failed.update(status=Delivery.Status.WAITING, claim=None, claimed_at=None, error="")
        Issue.objects.filter(pk__in=issue_ids).update(status=Issue.Status.SENDING, sent_at=None)
        for issue_id in sorted(issue_ids):
            _enqueue_sending(issue_id)
    return count


def mail_event_record(
    *, provider, event_id, kind, email, occurred_at, message_id="", detail="", delivery_id=None
):
    """Keep a provider's event once, and suppress the address when it calls for it.

    A hard bounce or a complaint suppresses at once; soft bounces once SOFT_BOUNCE_LIMIT
    messages bounced softly within SOFT_BOUNCE_WINDOW. Returns False for an event already
    recorded (a replayed or repeated webhook), which changes nothing.
    """
    email = suppression_key(email)
    with transaction.atomic():
        try:
            with transaction.atomic():
                event = MailEvent.objects.create(
                    provider=provider,
                    event_id=event_id,
                    kind=kind,
                    email=email,
                    occurred_at=occurred_at,
                    message_id=message_id,
                    detail=detail,
                    delivery_id=delivery_id,
                )
        except IntegrityError:
            return False
        if kind == MailEvent.Kind.COMPLAINT:
            _suppress(event, Suppression.Reason.COMPLAINT)
        elif kind == MailEvent.Kind.HARD_BOUNCE:
            _suppress(event, Suppression.Reason.HARD_BOUNCE)
        elif (
            kind == MailEvent.Kind.SOFT_BOUNCE
            and _soft_bounced_messages(event) >= settings.SOFT_BOUNCE_LIMIT
        ):
            _suppress(event, Suppression.Reason.SOFT_BOUNCES)
    return True


# RFC 3463's enhanced status codes: 5.1.x is an address that does not exist, 5.2.x a mailbox
# that cannot take mail. A 5xx after DATA without them may be about the content, not the address.
_ADDRESS_FAILURE = re.compile(rb"\A\s*5\.[12]\.\d{1,3}\b")


def _permanent_refusals(error, recipients):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = error.recipients.items()
    elif isinstance(error, smtplib.SMTPDataError) and _ADDRESS_FAILURE.match(error.smtp_error):
        answers = [(address, (error.smtp_code, error.smtp_error)) for address in recipients]
    else:
        return []
    return [(address, code, answer) for address, (code, answer) in answers if code >= 500]


def refusals_record(error, recipients, *, event_id, delivery_id=None):
    """Count a mail server's permanent (5xx) refusal of an address as a hard bounce.

    `error` is what smtplib raised sending one message to `recipients`; `event_id` names that
    sending, so that recording it twice changes nothing. Returns the addresses refused for
    good (none for a 4xx or a dropped connection, which change nothing).
    """
    refused = _permanent_refusals(error, recipients)
    for address, code, answer in refused:
        mail_event_record(
            provider="smtp",
            event_id=event_id,
            kind=MailEvent.Kind.HARD_BOUNCE,
            email=address,
            occurred_at=timezone.now(),
            detail=f"{code} {answer.decode(errors='replace')}"[:1000],
            delivery_id=delivery_id,
        )
    return [address for address, _, _ in refused]


def message_send(message):
    """Send one transactional email. If the server refuses an address for good, the address
    is suppressed and the email is not retried; any other failure raises as usual."""
    try:
        message.send()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
        if not refusals_record(error, message.recipients(), event_id=f"message-{uuid.uuid4()}"):
            raise
        logger.warning("The mail server refused an address for good: %s", error.__class__.__name__)


def _soft_bounced_messages(event):
    """Distinct messages that bounced softly in the window, since any lift: a provider may
    report each retry of one message."""
    since = event.occurred_at - timedelta(days=settings.SOFT_BOUNCE_WINDOW_DAYS)
    lifted = Suppression.objects.filter(email=event.email, lifted_at__isnull=False)
    if lifted_at := lifted.values_list("lifted_at", flat=True).first():
        since = max(since, lifted_at)
    bounces = MailEvent.objects.filter(
        email=event.email, kind=MailEvent.Kind.SOFT_BOUNCE, occurred_at__gte=since
    )
    return bounces.values("message_id").distinct().count()


def _suppress(event, reason):
    suppression, created = Suppression.objects.select_for_update().get_or_create(
        email=event.email,
        defaults={
            "reason": reason,
            "provider": event.provider,
            "event_id": event.event_id,
            "detail": event.detail,
            "suppressed_at": event.received_at,
        },
    )
    if not created and suppression.lifted_at is not None:
        # Lifted earlier, and bouncing or complained about again.
        suppression.reason, suppression.provider = reason, event.provider
        suppression.event_id, suppression.detail = event.event_id, event.detail
        suppression.suppressed_at = event.received_at
        suppression.lifted_at, suppression.lifted_by, suppression.lift_note = None, None, ""
        suppression.save()
    logger.info("Suppressed an address after a %s", reason.label.lower())


def suppression_lift(*, suppression, note, user):
    """Let the address get mail again; the note says why (a reader asked, a mailbox is fixed)."""
    suppression.lifted_at = timezone.now()
    suppression.lifted_by = user
    suppression.lift_note = note
    suppression.save(update_fields=["lifted_at", "lifted_by", "lift_note"])
