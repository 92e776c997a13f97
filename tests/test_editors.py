"""Editors work in the admin without superuser rights, in the BreakingEven-branded admin."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from articles.demo import EDITOR_PASSWORD, EDITOR_USERNAME
from articles.models import Article
from breakingeven.editors import EDITORS, editors_group
from comments.models import Comment
from newsletter.models import Issue
from platforms.models import PayReport
from tests.factories import make_article, make_comment, make_pay_reports
from tests.newsletter.helpers import make_issue, make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user(
        "ed", "ed@example.com", password="a-long-test-password", is_staff=True
    )
    user.groups.add(editors_group())
    client.force_login(user)
    return client


def test_editors_group_has_the_work_and_nothing_of_accounts():
    """The group may edit articles and moderate, read votes, and has no account permission."""
    codenames = set(editors_group().permissions.values_list("content_type__app_label", "codename"))
    assert {
        ("articles", "change_article"),
        ("articles", "view_vote"),
        ("comments", "change_comment"),
        ("comments", "add_blocklistentry"),
        ("newsletter", "change_issue"),
        ("newsletter", "change_subscriber"),
    } <= codenames
    assert ("articles", "change_vote") not in codenames
    assert {app for app, _ in codenames} == {"articles", "comments", "newsletter", "platforms"}


def test_editor_approves_a_pay_report(editor_client):
    """An editor approves a reader's held pay report, and may not rewrite one."""
    (report,) = make_pay_reports(status="pending")
    editor_client.post(
        reverse("admin:platforms_payreport_changelist"),
        {"action": "mark_approved", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.status == PayReport.Status.APPROVED
    assert ("platforms", "add_payreport") not in set(
        editors_group().permissions.values_list("content_type__app_label", "codename")
    )


def test_editor_publishes_an_article(editor_client):
    """An editor publishes a draft with the list's action."""
    draft = make_article(published=False)
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED


def test_editor_moderates_a_comment(editor_client):
    """An editor approves a held comment."""
    comment = make_comment(status="pending")
    editor_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "mark_approved", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_editor_sends_an_issue(editor_client, django_capture_on_commit_callbacks):
    """An editor sends an issue to the confirmed subscribers."""
    make_subscriber()
    issue = make_issue()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("admin:newsletter_issue_send", args=[issue.pk]))
    issue.refresh_from_db()
    assert issue.status != Issue.Status.DRAFT
    assert issue.deliveries.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:auth_group_add"),
    ],
)
def test_editor_cannot_manage_users_or_groups(editor_client, url):
    """Accounts, groups and permissions stay with superusers."""
    assert editor_client.get(url).status_code == 403


def test_editor_cannot_give_themselves_more_rights(editor_client):
    """An editor's own account page is out of reach too, so no permission can be added."""
    user = User.objects.get(username="ed")
    url = reverse("admin:auth_user_change", args=[user.pk])
    assert editor_client.post(url, {"is_superuser": "on"}).status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser


def test_demo_editor_is_an_editor_not_a_superuser(client, settings):
    """load_demo's editor signs in with the documented password and is in the Editors group."""
    settings.DEBUG = True  # the local demo, where the editor gets the documented password
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # a second run changes nothing
    editor = User.objects.get(username=EDITOR_USERNAME)
    assert editor.is_staff and not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS]
    assert client.login(username=EDITOR_USERNAME, password=EDITOR_PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_is_branded(admin_client):
    """The admin's header, title and favicon are BreakingEven's."""
    content = admin_client.get(reverse("admin:index")).content.decode()
    assert "<title>Editor’s desk | BreakingEven admin</title>" in content
    assert '<a href="/admin/">BreakingEven</a>' in content
    assert 'rel="icon" href="/static/favicon.svg"' in content
    assert "Django administration" not in content
