import time
import types

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from newsletter import services, tokens
from newsletter.models import Subscriber

from .helpers import html_part, links_in, make_subscriber, path_of, raw_header, text_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run a request and then what it queued on commit (the tasks that send mail)."""

    def run(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)

    return run


def confirm_path(subscriber):
    return reverse("newsletter:confirm", args=[tokens.confirm_token(subscriber)])


def test_double_opt_in_over_real_smtp(client, smtp_inbox, run_on_commit, settings):
    """Signup, confirmation email, the button, the welcome email: all through a real SMTP server."""
    settings.SITE_URL = "https://breakingeven.example.com"
    run_on_commit(client.post, reverse("newsletter:signup"), {"email": "reader@example.com"})

    [confirmation] = smtp_inbox.to("reader@example.com")
    assert "Confirm your subscription" in confirmation["Subject"]
    text_links = links_in(text_part(confirmation))
    confirm_links = [url for url in text_links if "/newsletter/confirm/" in url]
    assert len(confirm_links) == 1
    assert confirm_links[0] in html_part(confirmation)
    assert all(url.startswith(settings.SITE_URL) for url in text_links)

    path = path_of(confirm_links[0], settings.SITE_URL)
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm subscription</button>" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    response = run_on_commit(client.post, path)
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:subscribed")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED and subscriber.confirmed_at

    [_, welcome] = smtp_inbox.to("reader@example.com")
    assert "Welcome" in welcome["Subject"]
    unsubscribe = welcome["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<{settings.SITE_URL}/newsletter/unsubscribe/")
    assert raw_header(welcome, "List-Unsubscribe") == unsubscribe  # not folded or encoded
    assert welcome["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in text_part(welcome)
    assert unsubscribe.strip("<>") in html_part(welcome)


def test_opening_the_link_does_not_confirm(client):
    """A GET, which is what mail scanners do, only shows the button."""
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    client.get(confirm_path(subscriber))
    client.head(confirm_path(subscriber))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_confirming_twice_sends_one_welcome(client, run_on_commit, mailoutbox):
    """A second press of the button changes nothing and sends nothing."""
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    run_on_commit(client.post, confirm_path(subscriber))
    run_on_commit(client.post, confirm_path(subscriber))
    assert len(mailoutbox) == 1


def test_link_of_a_confirmed_subscriber_says_so(client):
    """Opening the link again after confirming says there is nothing more to do."""
    subscriber = make_subscriber()
    body = client.get(confirm_path(subscriber)).content.decode()
    assert "already subscribed" in body
    assert "Confirm subscription</button>" not in body


def test_expired_link_gets_a_clear_page_offering_a_new_email(client, monkeypatch):
    """A link older than 7 days answers 410 and offers a new email to the same address."""
    subscriber = make_subscriber("late@example.com", status=Subscriber.Status.PENDING)
    eight_days_ago = time.time() - 8 * 86400
    with monkeypatch.context() as patch:
        patch.setattr(
            "django.core.signing.time", types.SimpleNamespace(time=lambda: eight_days_ago)
        )
        path = confirm_path(subscriber)
    response = client.get(path)
    assert response.status_code == 410
    body = response.content.decode()
    assert "This confirmation link has expired" in body
    assert 'value="late@example.com"' in body
    assert 'name="signup_page" value="/newsletter/"' in body  # not the link with its token
    assert f'action="{reverse("newsletter:signup")}"' in body
    assert client.post(path).status_code == 410
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_tampered_link_gets_a_clear_page_offering_a_new_email(client):
    """A link that was changed answers 400 and offers to send a new email."""
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    path = confirm_path(subscriber)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    for response in (client.get(tampered), client.post(tampered)):
        assert response.status_code == 400
        assert "This confirmation link doesn't work" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_link_for_a_purged_request_offers_a_new_email(client):
    """A signed link whose pending request was purged gets the expired page, not an error."""
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    path = confirm_path(subscriber)
    subscriber.delete()
    assert client.get(path).status_code == 410


def test_link_for_an_erased_address_shows_no_placeholder_address(client, monkeypatch):
    """After erasure, a link, fresh or expired, gets the expired page with an empty form."""
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    eight_days_ago = time.time() - 8 * 86400
    with monkeypatch.context() as patch:
        patch.setattr(
            "django.core.signing.time", types.SimpleNamespace(time=lambda: eight_days_ago)
        )
        expired = confirm_path(subscriber)
    fresh = confirm_path(subscriber)
    services.subscribers_erase(subscribers=[subscriber])
    for path in (fresh, expired):
        response = client.get(path)
        assert response.status_code == 410
        body = response.content.decode()
        assert "erased.invalid" not in body
        assert "You unsubscribed" not in body


def test_confirm_needs_the_csrf_token(client):
    """The confirm button is an ordinary form: a cross-site POST is refused."""
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    response = Client(enforce_csrf_checks=True).post(confirm_path(subscriber))
    assert response.status_code == 403


def test_resubscribing_goes_through_pending_to_confirmed(client, run_on_commit, mailoutbox):
    """Unsubscribed, then signed up again and confirmed: confirmed, with a fresh date."""
    subscriber = make_subscriber("again@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    run_on_commit(client.post, reverse("newsletter:signup"), {"email": "again@example.com"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    run_on_commit(client.post, confirm_path(subscriber))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.unsubscribed_at is None
    assert [m.subject.split()[0] for m in mailoutbox] == ["Confirm", "Welcome"]


def test_old_confirm_link_does_not_resubscribe_after_unsubscribing(
    client, run_on_commit, mailoutbox
):
    """Within its 7 days, a confirm link used after an unsubscribe changes nothing, says why."""
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    path = confirm_path(subscriber)
    run_on_commit(client.post, path)
    client.post(reverse("newsletter:unsubscribe", args=[tokens.unsubscribe_token(subscriber)]))
    mailoutbox.clear()

    page = client.get(path)
    assert page.status_code == 410
    assert "You unsubscribed after this link was sent" in page.content.decode()
    response = run_on_commit(client.post, path)
    assert response.status_code == 410
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert mailoutbox == []


def test_only_the_link_sent_for_a_new_request_confirms_it(client, run_on_commit, mailoutbox):
    """After unsubscribing and signing up again, the first request's link stays void."""
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    first_link = confirm_path(subscriber)
    run_on_commit(client.post, first_link)
    client.post(reverse("newsletter:unsubscribe", args=[tokens.unsubscribe_token(subscriber)]))
    run_on_commit(client.post, reverse("newsletter:signup"), {"email": subscriber.email})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING

    assert run_on_commit(client.post, first_link).status_code == 410
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    new_link = confirm_path(subscriber)
    assert run_on_commit(client.post, new_link).status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_links_sent_before_they_carried_their_time_still_confirm(client):
    """A link from an email sent before this change confirms a reader who never unsubscribed."""
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    token = signing.dumps(subscriber.pk, salt=tokens.CONFIRM_SALT)
    assert client.post(reverse("newsletter:confirm", args=[token])).status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
