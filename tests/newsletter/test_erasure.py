"""A subscriber's address is erased on request, and sending counts stay true."""

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from newsletter import emails, sending, services, tokens
from newsletter.models import Delivery, MailEvent, Subscriber, Suppression

from .helpers import html_part, make_issue, make_subscriber, text_part

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


def data_links(client, subscriber):
    """The links the unsubscribe page, which every newsletter email links to, offers."""
    page = client.get(emails.unsubscribe_url(subscriber).removeprefix(settings.SITE_URL))
    body = page.content.decode()
    download = reverse("newsletter:data_download", args=[tokens.unsubscribe_token(subscriber)])
    erase = reverse("newsletter:data_erase", args=[tokens.unsubscribe_token(subscriber)])
    assert f'href="{download}"' in body and f'href="{erase}"' in body
    return download, erase


def test_a_reader_downloads_their_data_from_the_link_in_an_email(client, mail_server):
    """The link in an issue leads to a JSON file of everything kept about the address."""
    reader = make_subscriber("Reader@example.com", signup_page="/articles/pay/")
    make_subscriber("someone.else@example.com")
    issue = make_issue(subject="March issue")
    services.issue_send(issue=issue)
    sending.deliver_issue(issue.pk)
    [copy] = mail_server.to(reader.email)
    assert emails.unsubscribe_url(reader) in text_part(copy)
    assert "download or delete your data" in html_part(copy)
    Suppression.objects.create(email="reader@example.com", reason="complaint", provider="ses")

    download, _ = data_links(client, reader)
    response = client.get(download)
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["email"] == "Reader@example.com" and data["status"] == "confirmed"
    assert data["signup_page"] == "/articles/pay/"
    assert [(i["subject"], i["status"]) for i in data["issues"]] == [("March issue", "sent")]
    assert data["suppression"]["reason"] == "complaint"
    assert "someone.else" not in response.content.decode()


def test_a_reader_erases_their_data_with_a_post_only(client):
    """Opening the erase link (as a mail scanner does) changes nothing; the button's POST
    erases the address, its suppression and events; the links then lead nowhere."""
    reader = make_subscriber("reader@example.com")
    Delivery.objects.create(issue=make_issue(), subscriber=reader, status=Delivery.Status.SENT)
    Suppression.objects.create(email="reader@example.com", reason="hard_bounce", provider="smtp")
    download, erase = data_links(client, reader)

    assert client.get(erase).status_code == 200
    reader.refresh_from_db()
    assert reader.email == "reader@example.com"

    response = client.post(erase)
    assert response.status_code == 200 and "Your data is deleted" in response.content.decode()
    reader.refresh_from_db()
    assert reader.is_erased and reader.status == Subscriber.Status.UNSUBSCRIBED
    assert not Suppression.objects.exists() and not MailEvent.objects.exists()
    assert client.get(download).status_code == 404
    assert client.post(erase).status_code == 404


def test_a_forged_data_link_is_refused(client):
    reader = make_subscriber()
    token = tokens.unsubscribe_token(reader)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(reverse("newsletter:data_download", args=[forged])).status_code == 404
    assert client.post(reverse("newsletter:data_erase", args=[forged])).status_code == 404
    reader.refresh_from_db()
    assert not reader.is_erased
