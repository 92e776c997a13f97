import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from comments import services, tasks
from comments.models import Comment
from comments.tasks import send_moderation_notice, send_reply_notice
from comments.tokens import stop_reply_emails_token
from tests.factories import comment_form_data, make_article, make_comment, posted_from

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://breakingeven.test"
    settings.MANAGERS = ["editor@breakingeven.test"]
    settings.COMMENTS_AUTO_APPROVE_RETURNING = True


def post(client, article, **fields):
    return client.post(reverse("comments:post", args=[article.slug]), comment_form_data(**fields))


def approve(comment):
    services.comments_moderate(comments=[comment], status=Comment.Status.APPROVED)


def test_editors_hear_of_a_comment_awaiting_moderation(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """A held comment emails MANAGERS, after the commit, with what they need to moderate it."""
    article = make_article(title="Pay bands")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post(client, article, body="Is this still true in 2026?")
        assert mailoutbox == []  # nothing is sent before the comment is committed
    assert len(callbacks) == 1
    [message] = mailoutbox
    comment = Comment.objects.get()
    assert message.to == ["editor@breakingeven.test"]
    assert message.subject == "Comment awaiting moderation on “Pay bands”"
    assert "Ada Reader <ada.reader@example.net>" in message.body
    assert "Is this still true in 2026?" in message.body
    assert "No earlier approved comment from this address." in message.body
    assert f"https://breakingeven.test/admin/comments/comment/{comment.pk}/change/" in message.body


def test_no_moderation_email_for_published_or_spam_comments(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Comments published at once, and spam, do not disturb the editors."""
    article = make_article()
    posted_from(client, make_comment(email="ada.reader@example.net"))
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, body="Published straight away.")
        post(client, article, body="Honeypot bot", website="x")
    assert mailoutbox == []


def test_moderation_email_is_skipped_if_an_editor_got_there_first(mailoutbox):
    """A notice whose comment was moderated before the task ran is not sent."""
    make_comment()  # approved: nothing waits
    send_moderation_notice.enqueue()
    assert mailoutbox == []


def test_a_burst_of_held_comments_makes_one_notice_listing_them_all(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """With a queue that can run tasks later, held comments within the gap share one email."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    article = make_article(title="Pay bands")
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            post(client, article, body=f"Question {n}", email=f"reader{n}@example.net")
    [queued] = DBTaskResult.objects.filter(task_path="comments.tasks.send_moderation_notice")
    assert before + tasks.NOTICE_GAP <= queued.run_after <= timezone.now() + tasks.NOTICE_GAP
    assert mailoutbox == []  # nothing before the gap is over

    tasks.send_moderation_notice.call()
    [message] = mailoutbox
    assert message.subject == "3 comments awaiting moderation"
    for comment in Comment.objects.all():
        assert f"reader{comment.body[-1]}@example.net" in message.body
        assert f"/admin/comments/comment/{comment.pk}/change/" in message.body
    # The newest first.
    assert message.body.index("Question 2") < message.body.index("Question 0")


def test_a_comment_held_after_the_notice_went_out_queues_a_new_one(
    client, settings, django_capture_on_commit_callbacks
):
    """Once the queued notice has run, the next held comment is announced by another."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    article = make_article()
    notices = DBTaskResult.objects.filter(task_path="comments.tasks.send_moderation_notice")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, body="First")
        post(client, article, body="Second, within the gap")
    assert notices.count() == 1
    tasks.send_moderation_notice.call()  # what the worker does when the gap is over
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, body="Third")
    assert notices.count() == 2


class UnavailableQueue(DatabaseBackend):
    """A task queue that can run tasks later, but is down right now."""

    def enqueue(self, task, args, kwargs):
        raise ConnectionError("task queue unavailable")


def test_a_notice_that_cannot_be_queued_leaves_the_way_open(settings):
    """If queuing fails, the next held comment tries again instead of waiting out the gap."""
    settings.TASKS = {"default": {"BACKEND": f"{__name__}.UnavailableQueue"}}
    with pytest.raises(ConnectionError):
        tasks.moderation_notice_due()
    assert cache.get(tasks.NOTICE_QUEUED_KEY) is None


def test_a_long_queue_lists_the_newest_and_says_how_many_wait(mailoutbox):
    """Editors see the newest comments in full and the size of the whole queue."""
    for n in range(tasks.NOTICE_LISTS_AT_MOST + 5):
        make_comment(status="pending", body=f"Waiting number {n}")
    tasks.send_moderation_notice.call()
    [message] = mailoutbox
    total = tasks.NOTICE_LISTS_AT_MOST + 5
    assert message.subject == f"{total} comments awaiting moderation"
    assert f"the newest {tasks.NOTICE_LISTS_AT_MOST} are below" in message.body
    assert "Waiting number 0\n" not in message.body
    assert f"Waiting number {total - 1}" in message.body
    assert "/admin/comments/comment/queue/" in message.body


def test_a_failing_notice_does_not_fail_the_comment(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    """The comment is saved and the reader thanked even if the notice cannot be queued."""
    calls = []

    def broken():
        calls.append(True)
        raise ConnectionError("task queue unavailable")

    monkeypatch.setattr(services, "moderation_notice_due", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, make_article(), body="Still here")
    assert calls == [True]
    assert response.status_code == 302
    assert Comment.objects.get().body == "Still here"


def test_approved_reply_emails_the_parent_author_who_asked(
    mailoutbox, django_capture_on_commit_callbacks
):
    """Approving a reply emails the parent's author, with absolute links to it and to stop."""
    parent = make_comment(name="Parent Pam", email="pam@example.net", notify_on_reply=True)
    reply = make_comment(parent=parent, name="Replying Rui", status="pending", body="Agreed!")
    with django_capture_on_commit_callbacks(execute=True):
        approve(reply)
    [message] = mailoutbox
    assert message.to == ["pam@example.net"]
    assert message.subject.startswith("“Replying Rui” replied to your comment")
    assert "Agreed!" in message.body
    assert f"https://breakingeven.test/comments/{reply.pk}/" in message.body
    stop = re.search(r"https://breakingeven\.test/comments/stop-reply-emails/\S+/", message.body)
    assert stop is not None
    assert message.extra_headers["List-Unsubscribe"] == f"<{stop.group(0)}>"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and re.search(r"<p[^>]*>Agreed!</p>", html)
    assert reply.email not in message.body  # the replier's address stays private


@pytest.mark.parametrize("case", ["did-not-ask", "own-reply", "second-approval", "top-level"])
def test_reply_emails_only_when_they_make_sense(
    mailoutbox, django_capture_on_commit_callbacks, case
):
    """No reply email unless asked, for one's own reply, on re-approval or for a first comment."""
    parent = make_comment(email="pam@example.net", notify_on_reply=case != "did-not-ask")
    email = "pam@example.net" if case == "own-reply" else "rui@example.net"
    if case == "top-level":
        comment = make_comment(parent.article, status="pending", notify_on_reply=True)
    else:
        comment = make_comment(parent=parent, email=email, status="pending")
    if case == "second-approval":
        approve(comment)
        services.comments_moderate(comments=[comment], status=Comment.Status.REMOVED)
    with django_capture_on_commit_callbacks(execute=True):
        approve(comment)
    assert mailoutbox == []


def test_stop_link_asks_first_then_stops_every_reply_email(client, mailoutbox):
    """The stop link shows a button (scanners only GET); pressing it stops reply emails."""
    parent = make_comment(email="pam@example.net", notify_on_reply=True)
    make_comment(email="pam@example.net", notify_on_reply=True)
    url = reverse("comments:stop_reply_emails", args=[stop_reply_emails_token(parent)])
    page = client.get(url)
    assert page.status_code == 200 and "Stop reply emails" in page.content.decode()
    assert Comment.objects.filter(notify_on_reply=True).count() == 2
    done = client.post(url)
    assert "No more reply emails" in done.content.decode()
    assert not Comment.objects.filter(notify_on_reply=True).exists()
    assert client.post(url).status_code == 200  # pressing again is harmless
    reply = make_comment(parent=parent, status="pending")
    approve(reply)
    send_reply_notice.enqueue(reply.pk)
    assert mailoutbox == []


def test_stop_link_works_as_one_click_unsubscribe_without_csrf():
    """Mail programs' one-click unsubscribe POST (no CSRF token) is accepted."""
    parent = make_comment(notify_on_reply=True)
    url = reverse("comments:stop_reply_emails", args=[stop_reply_emails_token(parent)])
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    parent.refresh_from_db()
    assert parent.notify_on_reply is False


@pytest.mark.parametrize("token", ["nonsense", "MQ:1abc:forged"])
def test_altered_stop_link_is_refused(client, token):
    """A stop link that was altered answers 400 with an explanation and changes nothing."""
    parent = make_comment(notify_on_reply=True)
    response = client.post(reverse("comments:stop_reply_emails", args=[token]))
    assert response.status_code == 400
    assert "This link doesn" in response.content.decode()
    parent.refresh_from_db()
    assert parent.notify_on_reply is True


def test_stop_link_for_a_deleted_comment_is_refused(client):
    """A stop link whose comment has been deleted answers 400, not 500."""
    parent = make_comment(notify_on_reply=True)
    url = reverse("comments:stop_reply_emails", args=[stop_reply_emails_token(parent)])
    parent.delete()
    assert client.get(url).status_code == 400


def test_reply_email_reaches_a_real_smtp_server(smtp_inbox, django_capture_on_commit_callbacks):
    """The reply email goes out over SMTP with its text and HTML parts and stop header."""
    parent = make_comment(name="Pam", email="pam@example.net", notify_on_reply=True)
    reply = make_comment(parent=parent, name="Rui", status="pending", body="Same here.")
    with django_capture_on_commit_callbacks(execute=True):
        approve(reply)
    [message] = smtp_inbox.to("pam@example.net")
    assert "“Rui” replied to your comment" in message["Subject"]
    assert message["List-Unsubscribe"].startswith("<https://breakingeven.test/comments/stop-")
    assert "Same here." in message.get_body(("plain",)).get_content()
    assert re.search(r"<p[^>]*>Same here.</p>", message.get_body(("html",)).get_content())


def test_moderation_email_reaches_a_real_smtp_server(
    client, smtp_inbox, django_capture_on_commit_callbacks
):
    """The editors' notice goes out over SMTP to MANAGERS."""
    with django_capture_on_commit_callbacks(execute=True):
        post(client, make_article(title="Tier list"))
    [message] = smtp_inbox.to("editor@breakingeven.test")
    assert "Tier list" in message["Subject"]
    assert "ada.reader@example.net" in message.get_body(("plain",)).get_content()
    assert "ada.reader@example.net" in message.get_body(("html",)).get_content()
