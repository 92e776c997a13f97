"""Readers report published comments; enough reports hide one until an editor decides."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment, Report
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_queue")


def report_url(comment):
    return reverse("comments:report", args=[comment.pk])


def report(comment, *, reason="spam", ip="203.0.113.1", client=None):
    client = client or Client(REMOTE_ADDR=ip)
    return client.post(report_url(comment), {"reason": reason})


def count(comment):
    comment.article.refresh_from_db()
    return comment.article.comment_count


def test_every_published_comment_has_a_report_link(client):
    """The link under each comment opens a small form that works without JavaScript."""
    comment = make_comment(name="Nia")
    page = client.get(comment.article.get_absolute_url()).content.decode()
    assert f'href="{report_url(comment)}"' in page
    form = client.get(report_url(comment)).content.decode()
    assert "What is wrong with this comment?" in form
    assert 'type="radio" name="reason" value="spam"' in form
    assert "csrfmiddlewaretoken" in form


def test_a_report_is_stored_and_thanked(client):
    """The report is kept with the reason and the reader's visitor hash, then thanked."""
    comment = make_comment()
    response = report(comment, client=client)
    assert response.status_code == 302
    assert response["Location"] == f"{comment.article.get_absolute_url()}#messages"
    stored = Report.objects.get()
    assert (stored.comment, stored.reason) == (comment, "spam")
    assert len(stored.visitor) == 64
    page = client.get(response["Location"]).content.decode()
    assert "Thanks for the report." in page


def test_a_reader_reports_a_comment_once(client):
    """A second report from the same reader counts nothing and says so."""
    comment = make_comment()
    report(comment, client=client)
    response = report(comment, reason="abuse", client=client)
    assert Report.objects.count() == 1
    assert "already reported" in client.get(response["Location"]).content.decode()


def test_enough_readers_hide_the_comment_until_an_editor_decides(settings):
    """At the threshold of distinct reporters the comment is held and leaves the count."""
    settings.COMMENTS_REPORTS_TO_HIDE = 3
    comment = make_comment()
    report(comment, ip="203.0.113.1")
    report(comment, ip="203.0.113.1", reason="abuse")  # the same reader again
    report(comment, ip="203.0.113.2")
    comment.refresh_from_db()
    assert comment.status == "approved" and count(comment) == 1
    report(comment, ip="203.0.113.3")
    comment.refresh_from_db()
    assert comment.status == "pending" and count(comment) == 0
    assert comment.held_reason == "Hidden after reports from 3 readers."


def test_addresses_in_one_ipv6_network_are_one_reader(settings):
    """One connection gets a whole IPv6 /64: new addresses in it do not make new reporters."""
    settings.COMMENTS_REPORTS_TO_HIDE = 3
    comment = make_comment()
    for ip in ("2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::3"):
        report(comment, ip=ip)
    comment.refresh_from_db()
    assert Report.objects.count() == 1
    assert comment.status == "approved" and count(comment) == 1


def test_reported_comments_show_in_the_queue_with_their_reports(admin_client):
    """A published comment with reports is in the queue, with each report's reason."""
    comment = make_comment(name="Reported Rita")
    report(comment, reason="off-topic")
    content = admin_client.get(QUEUE).content.decode()
    assert "Reported Rita" in content
    assert "Still published: readers reported it." in content
    assert "Off topic" in content
    assert "Keep published" in content
    assert "<strong>1</strong> comment waiting" in admin_client.get("/admin/").content.decode()


def test_keeping_a_reported_comment_answers_its_reports(admin_client, settings):
    """Once kept, a comment leaves the queue, and only new reports count towards hiding it."""
    settings.COMMENTS_REPORTS_TO_HIDE = 2
    comment = make_comment(name="Reported Rita")
    report(comment, ip="203.0.113.1")
    admin_client.post(
        reverse("admin:comments_comment_decide", args=[comment.pk]),
        {"decision": "approve", "seen": "approved"},
    )
    assert f'id="held-{comment.pk}"' not in admin_client.get(QUEUE).content.decode()
    report(comment, ip="203.0.113.2")
    comment.refresh_from_db()
    assert comment.status == "approved"


def test_reports_reach_the_editors_in_the_moderation_email(
    mailoutbox, settings, django_capture_on_commit_callbacks
):
    """The notice lists a reported comment beside the held ones."""
    settings.MANAGERS = ["editor@example.com"]
    make_comment(status="pending", body="Held text.")
    comment = make_comment(body="Reported text.")
    with django_capture_on_commit_callbacks(execute=True):
        report(comment)
    [message] = mailoutbox
    assert "Reported text." in message.body and "Held text." in message.body
    assert "Still published, reported by 1 reader" in message.body


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_only_published_comments_can_be_reported(status):
    """A held or removed comment answers 404, and nothing is stored."""
    comment = make_comment(status=status)
    assert report(comment).status_code == 404
    assert Client().get(report_url(comment)).status_code == 404
    assert not Report.objects.exists()


def test_an_unknown_comment_is_404():
    """A made-up comment id answers 404."""
    assert Client().post("/comments/999999/report/", {"reason": "spam"}).status_code == 404


@pytest.mark.parametrize("reason", ["", "lies", "x" * 500])
def test_a_forged_reason_is_refused(reason):
    """A reason that is not offered answers 400 with the form again."""
    comment = make_comment()
    response = report(comment, reason=reason)
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_reports_are_rate_limited_per_reader(settings):
    """Past the limit a reader gets 429 with Retry-After, and nothing is stored."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report": "2/3600"}
    comments = [make_comment() for _ in range(3)]
    reader = Client(REMOTE_ADDR="203.0.113.9")
    assert [report(c, client=reader).status_code for c in comments] == [302, 302, 429]
    assert Report.objects.count() == 2
    assert report(comments[2], client=reader)["Retry-After"] == "3600"


def test_reports_need_the_csrf_token():
    """A report posted from another site is refused."""
    comment = make_comment()
    client = Client(enforce_csrf_checks=True)
    assert report(comment, client=client).status_code == 403


def test_a_comment_hidden_by_reports_is_back_once_approved(admin_client, settings):
    """The editor approves a hidden comment from the queue and it counts again."""
    settings.COMMENTS_REPORTS_TO_HIDE = 1
    comment = make_comment()
    report(comment)
    admin_client.post(
        reverse("admin:comments_comment_decide", args=[comment.pk]),
        {"decision": "approve", "seen": "pending"},
    )
    comment.refresh_from_db()
    assert comment.status == "approved" and count(comment) == 1
    assert not Comment.objects.awaiting_editor().exists()


def test_bulk_moderation_answers_the_reports_too(admin_client):
    """Approving a reported comment from the list takes it out of the queue as well."""
    comment = make_comment()
    report(comment)
    admin_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "mark_approved", "_selected_action": [comment.pk]},
    )
    assert not Comment.objects.awaiting_editor().exists()


def test_approving_a_hidden_comment_on_its_page_answers_the_reports(admin_client, settings):
    """Approved on its change page, a hidden comment leaves the queue and stays up on one
    more report."""
    settings.COMMENTS_REPORTS_TO_HIDE = 2
    comment = make_comment()
    report(comment, ip="203.0.113.1")
    report(comment, ip="203.0.113.2")
    comment.refresh_from_db()
    assert comment.status == "pending"
    response = admin_client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        {"status": "approved", "name": comment.name, "email": comment.email, "body": comment.body},
    )
    assert response.status_code == 302
    assert not Comment.objects.awaiting_editor().exists()
    report(comment, ip="203.0.113.3")
    comment.refresh_from_db()
    assert comment.status == "approved" and count(comment) == 1
