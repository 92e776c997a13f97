"""Email providers' APIs through django-anymail, chosen by EMAIL_URL alone. Amazon SES is tested
end to end against moto's SES API on loopback; the others by the options EMAIL_URL gives."""

import email
import email.policy
import json
import urllib.request

import boto3
import pytest

from breakingeven.settings import mailers_from_url
from newsletter import sending, services
from newsletter.models import Delivery

from .helpers import make_issue, make_subscriber

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "backend", "options"),
    [
        (
            "postmark://server-token@",
            "anymail.backends.postmark.EmailBackend",
            {"server_token": "server-token"},
        ),
        (
            "mailgun://key-123@mg.breakingeven.news?api_url=https://api.eu.mailgun.net/v3",
            "anymail.backends.mailgun.EmailBackend",
            {
                "api_key": "key-123",
                "sender_domain": "mg.breakingeven.news",
                "api_url": "https://api.eu.mailgun.net/v3",
            },
        ),
        ("brevo://xkeysib-1@", "anymail.backends.brevo.EmailBackend", {"api_key": "xkeysib-1"}),
        (
            "amazon-ses://AKIA1:s%2Fcret@eu-west-1",
            "anymail.backends.amazon_ses.EmailBackend",
            {
                "session_params": {
                    "region_name": "eu-west-1",
                    "aws_access_key_id": "AKIA1",
                    "aws_secret_access_key": "s/cret",
                },
                "client_params": {},
            },
        ),
        (
            "postal://key@postal.breakingeven.news",
            "anymail.backends.postal.EmailBackend",
            {"api_key": "key", "api_url": "https://postal.breakingeven.news"},
        ),
    ],
)
def test_email_url_picks_a_provider_and_its_options(url, backend, options):
    [(name, mailer)] = mailers_from_url(url).items()
    assert (name, mailer["BACKEND"], mailer["OPTIONS"]) == ("default", backend, options)


@pytest.fixture
def ses(moto_endpoint, settings):
    """The site sending through anymail's Amazon SES backend to moto's SES API."""
    client = boto3.client(
        "sesv2",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 (moto accepts any)
    )
    client.create_email_identity(EmailIdentity="breakingeven.news")
    settings.DEFAULT_FROM_EMAIL = "BreakingEven <newsletter@breakingeven.news>"
    settings.SITE_URL = "https://breakingeven.news"
    settings.MAILERS = mailers_from_url(
        f"amazon-ses://testing:testing@us-east-1?endpoint_url={moto_endpoint}"
    )

    def sent():
        """What SES accepted, parsed: (recipients, message)."""
        with urllib.request.urlopen(f"{moto_endpoint}/moto-api/data.json") as reply:  # noqa: S310
            raw = json.load(reply)["ses"]["RawMessage"]
        return [
            (
                sorted(set(item["destinations"])),
                email.message_from_string(item["raw_data"], policy=email.policy.default),
            )
            for item in raw
        ]

    return sent


def test_an_issue_goes_out_through_a_providers_api_once_per_subscriber(ses):
    """Each confirmed subscriber's copy reaches SES's API once, with its own unsubscribe link
    and headers and the delivery named in its metadata, for the provider's events to name."""
    readers = [make_subscriber(f"reader{n}@example.com") for n in range(3)]
    issue = make_issue(subject="Through SES")
    services.issue_send(issue=issue)

    outcome = sending.deliver_issue(issue.pk)

    assert (outcome.sent, outcome.failed, outcome.finished) == (3, 0, True)
    copies = {tuple(to): message for to, message in ses()}
    assert sorted(copies) == [(r.email,) for r in readers]
    for reader in readers:
        message = copies[(reader.email,)]
        delivery = Delivery.objects.get(issue=issue, subscriber=reader)
        assert message["Subject"] == "Through SES"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = message["List-Unsubscribe"].strip("<>")
        assert link.startswith("https://breakingeven.news/newsletter/unsubscribe/")
        assert link in message.get_body(("html",)).get_content()
        assert json.loads(message["X-Metadata"]) == {
            "issue": str(issue.pk),
            "delivery": str(delivery.pk),
        }


def test_transactional_mail_goes_through_the_same_provider(
    ses, client, django_capture_on_commit_callbacks
):
    """A signup's confirmation leaves through the provider too, designed and with its text."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/", {"email": "new.reader@example.com"})
    [(to, message)] = ses()
    assert to == ["new.reader@example.com"]
    assert "Confirm your subscription" in message["Subject"]
    assert "/newsletter/confirm/" in message.get_body(("plain",)).get_content()
    assert 'role="presentation"' in message.get_body(("html",)).get_content()
