"""A subscriber's address is erased on request, and sending counts stay true."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from newsletter.models import Delivery, Subscriber

from .helpers import make_issue, make_subscriber

pytestmark = pytest.mark.django_db

SUBSCRIBERS = reverse("admin:newsletter_subscriber_changelist")


def test_erase_action_removes_the_address_everywhere(admin_client):
    """No trace of the address stays: not the row, not a delivery's error; mail stops."""
    leaving = make_subscriber("Leaving.Reader@Example.com", signup_page="/articles/x/")
    staying = make_subscriber("staying@example.com")
    issue = make_issue()
    Delivery.objects.create(
        issue=issue,
        subscriber=leaving,
        status=Delivery.Status.FAILED,
        error="550 Leaving.Reader@Example.com: mailbox full",
    )
    response = admin_client.post(
        SUBSCRIBERS,
        {"action": "erase_personal_data", ACTION_CHECKBOX_NAME: [leaving.pk]},
        follow=True,
    )
    assert "Erased the address of 1 subscriber(s)" in response.text
    leaving.refresh_from_db()
    assert "example.com" not in leaving.email.lower()
    assert leaving.signup_page == ""
    assert leaving.status == Subscriber.Status.UNSUBSCRIBED
    assert not Subscriber.objects.for_email("leaving.reader@example.com").exists()
    assert not Delivery.objects.filter(error__icontains="leaving.reader").exists()
    # The issue's history keeps its delivery, so its counts stay true.
    assert issue.deliveries.count() == 1
    assert Subscriber.objects.confirmed().get() == staying


def test_erased_address_can_subscribe_again(admin_client):
    """Erasing frees the address: the person may sign up afresh later."""
    leaving = make_subscriber("again@example.com")
    other = make_subscriber("other@example.com")
    admin_client.post(
        SUBSCRIBERS,
        {"action": "erase_personal_data", ACTION_CHECKBOX_NAME: [leaving.pk, other.pk]},
    )
    make_subscriber("again@example.com", status=Subscriber.Status.PENDING)
    assert Subscriber.objects.filter(email__endswith="@erased.invalid").count() == 2
