"""What email providers report back, through django-anymail's tracking webhooks.

Anymail checks each provider's proof (HTTP basic auth for Amazon SES and Postmark, Mailgun's
HMAC signature) and turns its payload into normalised events; this module keeps deliveries,
bounces and complaints (services.mail_event_record), each tied to the issue's copy the
message's metadata names, and ignores the rest. Opens and clicks are never tracked.
"""

import hashlib
import json
import logging

from anymail.exceptions import AnymailError, AnymailWebhookValidationFailure
from anymail.signals import EventType
from anymail.webhooks.amazon_ses import AmazonSESTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from django.conf import settings
from django.http import Http404, HttpResponseBadRequest
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from comments.models import Comment

from .models import Delivery, MailEvent, Subscriber
from .services import mail_event_record

logger = logging.getLogger(__name__)

# Bounces a provider calls temporary: the mailbox may take mail again later.
SOFT_BOUNCES = {
    "Amazon SES": lambda esp_event: esp_event["bounce"]["bounceType"] != "Permanent",
    "Postmark": lambda esp_event: esp_event["Type"] in {"SoftBounce", "VirusNotification"},
}


def event_kind(event, esp_name):
    """The MailEvent kind of an anymail tracking event, or None for events not kept.

    A deferral is not a bounce: the provider is still trying (greylisting looks the same).
    """
    if event.event_type == EventType.DELIVERED:
        return MailEvent.Kind.DELIVERED
    if event.event_type == EventType.COMPLAINED:
        return MailEvent.Kind.COMPLAINT
    if event.event_type == EventType.BOUNCED:
        soft = SOFT_BOUNCES.get(esp_name, lambda esp_event: False)(event.esp_event)
        return MailEvent.Kind.SOFT_BOUNCE if soft else MailEvent.Kind.HARD_BOUNCE
    if event.event_type == EventType.REJECTED and event.reject_reason in {"bounced", "invalid"}:
        return MailEvent.Kind.HARD_BOUNCE
    return None


def known_address(address):
    """Whether the site has mailed this address: a subscriber, a commenter or an editor."""
    return (
        Subscriber.objects.for_email(address).exists()
        or Comment.objects.filter(email__iexact=address).exists()
        or address.lower() in {a.lower() for a in [*settings.MANAGERS, *settings.ADMINS]}
    )


def delivery_named(event):
    """The issue's copy the event is about: sending puts its id in the message's metadata."""
    value = str((event.metadata or {}).get("delivery") or "")
    # isdigit() alone takes "²", which int() refuses, and any script's digits ("٢"), which
    # int() reads as another copy's id.
    if not (value.isascii() and value.isdigit()):
        return None
    return Delivery.objects.filter(pk=int(value)).values_list("pk", flat=True).first()


def record_tracking_event(sender, event, esp_name, **kwargs):
    """anymail's `tracking` signal: keep a delivery, bounce or complaint for an address the
    site mails."""
    kind = event_kind(event, esp_name)
    if kind is None:
        return
    if not event.recipient or not known_address(event.recipient):
        logger.info("Ignored a %s from %s for an unknown address", kind.label.lower(), esp_name)
        return
    # Should a provider not number an event, the payload itself identifies it, so a replay
    # is still recognised.
    event_id = (
        event.event_id
        or hashlib.sha256(
            json.dumps(event.esp_event, sort_keys=True, default=str).encode()
        ).hexdigest()
    )
    mail_event_record(
        provider=esp_name,
        event_id=event_id,
        kind=kind,
        email=event.recipient,
        occurred_at=event.timestamp or timezone.now(),
        message_id=event.message_id or "",
        detail=(event.mta_response or event.description or "")[:1000],
        delivery_id=delivery_named(event),
    )


def _when_configured(secret_setting, view_class):
    """The provider's webhook, answering 404 until its secret is set (anymail would take
    unauthenticated posts), and 400 for a payload it cannot read."""
    view = view_class.as_view()

    @csrf_exempt
    def webhook(request, *args, **kwargs):
        if not settings.ANYMAIL.get(secret_setting):
            raise Http404("This provider's webhook is not set up.")
        try:
            return view(request, *args, **kwargs)
        except AnymailWebhookValidationFailure:
            raise  # a SuspiciousOperation: Django answers 400 and logs it as a security event
        except (AnymailError, ValueError, KeyError, TypeError) as error:
            logger.warning("Refused a malformed %s webhook: %s", view_class.esp_name, error)
            return HttpResponseBadRequest("Malformed webhook payload.")

    return webhook


urlpatterns = [
    path(
        "amazon_ses/tracking/",
        _when_configured("WEBHOOK_SECRET", AmazonSESTrackingWebhookView),
        name="amazon_ses_tracking",
    ),
    path(
        "postmark/tracking/",
        _when_configured("WEBHOOK_SECRET", PostmarkTrackingWebhookView),
        name="postmark_tracking",
    ),
    path(
        "mailgun/tracking/",
        _when_configured("MAILGUN_WEBHOOK_SIGNING_KEY", MailgunTrackingWebhookView),
        name="mailgun_tracking",
    ),
]
