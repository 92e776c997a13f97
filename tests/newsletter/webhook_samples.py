"""Providers' webhook payloads, shaped as in django-anymail's documentation and test suite
(Amazon SES through SNS, Postmark, Mailgun), with the addresses and ids each test needs."""

import hashlib
import hmac
import json

SES_TRACKING = "/anymail/amazon_ses/tracking/"
POSTMARK_TRACKING = "/anymail/postmark/tracking/"
MAILGUN_TRACKING = "/anymail/mailgun/tracking/"


def ses_notification(ses_event, *, message_id="19ba9823-d7f2-53c1-860e-cb10e0d13dfc"):
    """An SNS Notification carrying an SES event, as SNS posts it (JSON as text/plain)."""
    return {
        "Type": "Notification",
        "MessageId": message_id,
        "TopicArn": "arn:aws:sns:us-east-1:1234567890:SES_Events",
        "Subject": "Amazon SES Email Event Notification",
        "Message": json.dumps(ses_event) + "\n",
        "Timestamp": "2026-11-27T14:59:44.101Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLE-SIGNATURE==",
        "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem",
        "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
    }


def ses_bounce(bounced, *, destination=None, bounce_type="Permanent", sub_type="General"):
    return {
        "notificationType": "Bounce",
        "bounce": {
            "bounceType": bounce_type,
            "bounceSubType": sub_type,
            "reportingMTA": "dns; email.example.com",
            "bouncedRecipients": [
                {
                    "emailAddress": address,
                    "status": "5.1.1",
                    "action": "failed",
                    "diagnosticCode": f"smtp; 550 5.1.1 <{address}>... User unknown",
                }
                for address in bounced
            ],
            "timestamp": "2026-11-27T14:59:44.101Z",
            "feedbackId": "00000138111222aa-44455566-cccc-cccc-cccc-ddddaaaa068a-000000",
            "remoteMtaIp": "127.0.2.0",
        },
        "mail": {
            "timestamp": "2026-11-27T14:59:38.237Z",
            "source": "hello@breakingeven.test",
            "sourceArn": "arn:aws:ses:us-west-2:888888888888:identity/breakingeven.test",
            "sendingAccountId": "123456789012",
            "messageId": "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000",
            "destination": destination or list(bounced),
            "headersTruncated": False,
        },
    }


def ses_complaint(address):
    return {
        "notificationType": "Complaint",
        "complaint": {
            "userAgent": "AnyCompany Feedback Loop (V0.01)",
            "complainedRecipients": [{"emailAddress": address}],
            "complaintFeedbackType": "abuse",
        },
        "mail": {
            "messageId": "000001378603177f-7a5433e7-8edb-42ae-af10-f0181f34d6ee-000000",
            "destination": [address],
        },
    }


def ses_headers(notification):
    return {
        "x-amz-sns-message-id": notification["MessageId"],
        "x-amz-sns-message-type": notification["Type"],
    }


def postmark_bounce(
    address, *, kind="HardBounce", event_id=901542550, message_id=None, metadata=None
):
    return {
        "Metadata": metadata or {},
        "RecordType": "Bounce",
        "ID": event_id,
        "Type": kind,
        "TypeCode": 1 if kind == "HardBounce" else 4096,
        "ServerID": 23,
        "Name": "Hard bounce" if kind == "HardBounce" else "Soft bounce",
        "MessageID": message_id or "2706ee8a-737c-4285-b032-ccd317af53ed",
        "Description": "The server was unable to deliver your message.",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": address,
        "From": "hello@breakingeven.test",
        "BouncedAt": "2026-11-27T16:28:50.3963933-04:00",
        "DumpAvailable": True,
        "Inactive": kind == "HardBounce",
        "CanActivate": True,
        "Subject": "This week on BreakingEven",
    }


def postmark_delivery(address, *, metadata=None, message_id=None):
    """Postmark's Delivery record, as its documentation shows it."""
    return {
        "RecordType": "Delivery",
        "ServerID": 23,
        "MessageStream": "broadcast",
        "MessageID": message_id or "883953f4-6105-42a2-a16a-77a8eac79483",
        "Recipient": address,
        "Tag": "",
        "DeliveredAt": "2026-11-27T16:30:01Z",
        "Details": "Test delivery webhook details",
        "Metadata": metadata or {},
    }


def postmark_spam_complaint(address, *, metadata=None):
    return {
        "Metadata": metadata or {},
        "RecordType": "SpamComplaint",
        "ID": 901542551,
        "Type": "SpamComplaint",
        "TypeCode": 512,
        "Name": "Spam complaint",
        "MessageID": "2706ee8a-737c-4285-b032-ccd317af53ee",
        "ServerID": 1234,
        "Description": "",
        "Details": "Test spam complaint details",
        "Email": address,
        "From": "hello@breakingeven.test",
        "BouncedAt": "2026-11-27T16:28:50.3963933-04:00",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": False,
        "Subject": "This week on BreakingEven",
    }


MAILGUN_TOKEN = "1234567890abcdef1234567890abcdef"


def mailgun_signed(event_data, signing_key, *, token=MAILGUN_TOKEN):
    """A Mailgun webhook body, signed as Mailgun signs: HMAC-SHA256 of timestamp + token."""
    timestamp = str(int(event_data["timestamp"]))
    signature = hmac.new(
        signing_key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": event_data,
    }


def mailgun_permanent_failure(address):
    return {
        "event": "failed",
        "severity": "permanent",
        "reason": "bounce",
        "recipient": address,
        "timestamp": 1795869622.389832,
        "log-level": "error",
        "message": {
            "headers": {
                "to": address,
                "message-id": "20261127214658.1.0DF563D0B3597700@breakingeven.test",
                "from": "BreakingEven <hello@breakingeven.test>",
            },
        },
        "delivery-status": {
            "tls": True,
            "mx-host": "aspmx.l.example.org",
            "attempt-no": 1,
            "description": "",
            "code": 550,
            "message": "5.1.1 The email account that you tried to reach does not exist.",
        },
    }


def mailgun_complaint(address):
    return {
        "event": "complained",
        "id": "ncV2XwymRUKbPek_MIM-Gw",
        "timestamp": 1795869660.049634,
        "log-level": "warn",
        "recipient": address,
        "message": {
            "headers": {
                "to": address,
                "message-id": "20261127032413.263EE2E0926@breakingeven.test",
                "from": "BreakingEven <hello@breakingeven.test>",
                "subject": "This week on BreakingEven",
            },
        },
    }
