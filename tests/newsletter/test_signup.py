import hashlib
import types

import pytest
from django.urls import reverse

from newsletter import services
from newsletter.models import Subscriber
from tests.factories import make_article

from .helpers import make_subscriber

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("newsletter:signup")
CHECK_INBOX_URL = reverse("newsletter:check_inbox")


@pytest.fixture
def signup(client, django_capture_on_commit_callbacks):
    """POST the signup form as a visitor would, running what is queued on commit."""

    def post(email, **fields):
        data = {"email": email, "signup_page": "/articles/some-article/", "website": "", **fields}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(SIGNUP_URL, data)

    return post


@pytest.fixture
def clock(monkeypatch):
    """Controls the time the rate limiter sees, so windows can pass without waiting."""
    now = [86400 * 20000 + 5]  # just after the start of a day, so daily windows line up
    monkeypatch.setattr("breakingeven.ratelimit.time", types.SimpleNamespace(time=lambda: now[0]))
    return now


def test_signup_page_shows_the_form(client):
    """/newsletter/ explains the newsletter and shows the signup form."""
    response = client.get(SIGNUP_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="email"' in body and 'type="email"' in body
    assert 'name="website"' in body  # the honeypot


def test_home_and_article_pages_carry_the_inline_form(client):
    """The inline form posts to the newsletter and remembers the page it was on."""
    article = make_article()
    for url in (reverse("articles:home"), article.get_absolute_url()):
        body = client.get(url).content.decode()
        assert f'action="{SIGNUP_URL}"' in body
        assert f'name="signup_page" value="{url}"' in body


def test_the_nav_links_to_the_newsletter(client):
    """Every page's header has a Newsletter link, marked current on the newsletter page."""
    assert f'href="{SIGNUP_URL}"' in client.get(reverse("articles:home")).content.decode()
    body = client.get(SIGNUP_URL).content.decode()
    assert f'<a href="{SIGNUP_URL}" aria-current="page">Newsletter</a>' in body


def test_new_address_becomes_pending_and_gets_a_confirmation(signup, mailoutbox):
    """A new address is stored pending, with the page it signed up on, and gets one email."""
    response = signup("New.Reader@Example.com")
    assert response.status_code == 302 and response["Location"] == CHECK_INBOX_URL
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "New.Reader@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.signup_page == "/articles/some-article/"
    assert subscriber.confirmations_sent == 1 and subscriber.confirmation_sent_at
    [email] = mailoutbox
    assert email.to == ["New.Reader@example.com"]
    assert "/newsletter/confirm/" in email.body


def test_check_inbox_page_says_to_confirm(client):
    """The answer page asks the visitor to check their inbox."""
    assert "Check your inbox to confirm" in client.get(CHECK_INBOX_URL).content.decode()


@pytest.mark.parametrize("status", ["pending", "confirmed", "unsubscribed"])
def test_the_answer_is_the_same_whoever_signs_up(signup, status):
    """Known addresses, in any state, get exactly the answer a new address gets."""
    make_subscriber("known@example.com", status=status)
    new = signup("stranger@example.com")
    known = signup("known@example.com")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])


def test_an_address_is_stored_once_whatever_its_case(signup):
    """Signing up again with different capitals finds the same subscriber."""
    signup("reader@example.com")
    signup("READER@EXAMPLE.COM")
    assert Subscriber.objects.count() == 1


def test_internationalised_domain_is_accepted_and_stored_encoded(signup):
    """An address at an internationalised domain is accepted and stored in IDNA form."""
    signup("leser@bücher.example")
    assert Subscriber.objects.get().email == "leser@xn--bcher-kva.example"


def test_confirmed_subscriber_signing_up_again_gets_no_email(signup, mailoutbox):
    """A confirmed subscriber stays confirmed and nothing is sent."""
    make_subscriber("fan@example.com")
    signup("fan@example.com")
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    assert mailoutbox == []


def test_unsubscribed_reader_can_sign_up_again(signup, mailoutbox):
    """An unsubscribed reader becomes pending again and gets a confirmation email."""
    make_subscriber("back@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    signup("back@example.com", signup_page="/newsletter/")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.signup_page == "/newsletter/"
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("address", ["not-an-address", "someone@", "a@b", "用户@例子.广告"])
def test_invalid_address_gets_a_clear_error(signup, address, mailoutbox):
    """An invalid address is answered 400 with the form and a message saying what to fix."""
    response = signup(address)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a complete email address" in body
    assert 'name="email"' in body
    assert Subscriber.objects.count() == 0 and mailoutbox == []


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ('"a\x0bb"@example.com', "Enter a complete email address"),
        ("a\x0bb@example.com", "Enter a complete email address"),
        ('"jane doe"@example.com', "without quotation marks"),
        ("x" * 65 + "@example.com", "The part before @ can be at most 64 characters"),
        ("jane@[10.0.0.5]", "Enter a complete email address"),
        ("jane@localhost", "Enter a complete email address"),
    ],
)
def test_addresses_mail_cannot_reach_are_refused_at_the_form(signup, address, message, mailoutbox):
    """Control characters, quoted local parts, local parts over 64 characters and domains that
    are an IP address or a name without a dot get 400."""
    response = signup(address)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Subscriber.objects.count() == 0 and mailoutbox == []


def test_a_local_part_of_64_characters_is_accepted(signup):
    """The longest local part SMTP allows still signs up."""
    assert signup("x" * 64 + "@example.com").status_code == 302
    assert Subscriber.objects.count() == 1


def test_honeypot_gets_the_neutral_answer_and_nothing_happens(signup, mailoutbox):
    """A bot that fills the hidden field is told to check its inbox; nothing is stored."""
    response = signup("bot@example.com", website="http://spam.example")
    assert response["Location"] == CHECK_INBOX_URL
    assert Subscriber.objects.count() == 0 and mailoutbox == []


def test_signup_page_must_be_a_path_on_this_site(signup):
    """Whatever a visitor posts as the page, only a local path is stored."""
    signup("reader@example.com", signup_page="https://elsewhere.example/")
    assert Subscriber.objects.get().signup_page == ""


def test_one_confirmation_email_per_address_per_ten_minutes(signup, mailoutbox, clock):
    """Asking again within ten minutes sends nothing more; after that, a new email goes out."""
    signup("reader@example.com")
    clock[0] += 60
    signup("reader@example.com")
    assert len(mailoutbox) == 1
    clock[0] += 600
    signup("reader@example.com")
    assert len(mailoutbox) == 2


def test_at_most_three_confirmation_emails_per_address_per_day(signup, mailoutbox, clock, settings):
    """The fourth request in a day, even ten minutes apart, sends nothing."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": "100/3600"}
    for _ in range(4):
        response = signup("reader@example.com")
        assert response["Location"] == CHECK_INBOX_URL
        clock[0] += 601
    assert len(mailoutbox) == 3


def test_visitor_past_the_signup_limit_gets_the_neutral_answer_and_no_email(
    signup, mailoutbox, settings
):
    """Past the per-visitor limit nothing is stored or sent, and the answer is the same."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": "2/3600"}
    answers = [signup(f"reader{n}@example.com") for n in range(3)]
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, CHECK_INBOX_URL)}
    assert Subscriber.objects.count() == 2 and len(mailoutbox) == 2


def test_the_confirmation_limit_counts_a_keyed_hash_of_the_address(monkeypatch, settings):
    """The per-address limit's cache keys hold neither the address nor its plain SHA-256."""
    counted = []
    monkeypatch.setattr(services, "hit", lambda scope, identity, rate: counted.append(identity))
    services.confirmation_allowed("Reader@Example.org")
    settings.SECRET_KEY = "another-secret-key"
    services.confirmation_allowed("Reader@Example.org")
    plain = hashlib.sha256(b"reader@example.org").hexdigest()
    assert plain not in counted and "reader@example.org" not in counted
    assert counted[0] != counted[-1]


def test_a_flood_of_signups_gets_429(signup, settings):
    """Far past the visitor limit the site answers 429 Too Many Requests."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": "2/3600"}
    statuses = [signup(f"reader{n}@example.com").status_code for n in range(10)]
    assert statuses[:8] == [302] * 8
    assert statuses[8:] == [429, 429]


def test_get_only_and_post(client):
    """Other methods on the signup URL are refused with 405."""
    assert client.put(SIGNUP_URL).status_code == 405
