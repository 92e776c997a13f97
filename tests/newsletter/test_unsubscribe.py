import pytest
from django.test import Client
from django.urls import reverse

from newsletter import tokens
from newsletter.models import Subscriber

from .helpers import make_subscriber

pytestmark = pytest.mark.django_db


def unsubscribe_path(subscriber):
    return reverse("newsletter:unsubscribe", args=[tokens.unsubscribe_token(subscriber)])


def test_one_click_post_unsubscribes_without_cookie_or_csrf_token():
    """What a mail provider sends (RFC 8058) unsubscribes and answers 200, not a redirect."""
    subscriber = make_subscriber()
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        unsubscribe_path(subscriber),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not response.cookies
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def test_get_only_shows_a_button(client):
    """Opening the link shows a page with a button and changes nothing."""
    subscriber = make_subscriber()
    response = client.get(unsubscribe_path(subscriber))
    assert response.status_code == 200
    assert "Unsubscribe</button>" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_the_button_unsubscribes(client):
    """Pressing the button on that page unsubscribes and says so."""
    subscriber = make_subscriber()
    response = Client(enforce_csrf_checks=True).post(unsubscribe_path(subscriber))
    assert "You're unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribing_twice_is_harmless(client):
    """A second POST answers 200 again and keeps the first date."""
    subscriber = make_subscriber()
    client.post(unsubscribe_path(subscriber))
    first = Subscriber.objects.get().unsubscribed_at
    assert client.post(unsubscribe_path(subscriber)).status_code == 200
    assert Subscriber.objects.get().unsubscribed_at == first
    assert "already unsubscribed" in client.get(unsubscribe_path(subscriber)).content.decode()


def test_tampered_unsubscribe_link_is_refused_clearly(client):
    """A changed token answers 400 with a page that explains, and nobody is unsubscribed."""
    subscriber = make_subscriber()
    path = unsubscribe_path(subscriber).replace(f"/{subscriber.pk}:", f"/{subscriber.pk + 1}:")
    response = client.post(path)
    assert response.status_code == 400
    assert "This unsubscribe link doesn't work" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_unsubscribe_link_of_a_deleted_subscriber_answers_200(client):
    """Someone removed from the list who clicks an old link is told they are unsubscribed."""
    subscriber = make_subscriber()
    path = unsubscribe_path(subscriber)
    subscriber.delete()
    assert client.post(path).status_code == 200
