"""Every admin action asks for the permission its work needs; view-only staff change nothing."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.test import TestCase
from django.urls import reverse

from comments.models import BlockListEntry
from newsletter.models import Delivery, Issue
from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_pay_reports,
    make_platform,
    make_tag,
)
from tests.newsletter.helpers import make_issue, make_subscriber

pytestmark = pytest.mark.django_db

captured_on_commit = TestCase.captureOnCommitCallbacks

SITE_APPS = ["articles", "comments", "newsletter", "platforms"]

# Every action that changes something, with the model whose changelist offers it.
STATE_CHANGING = [
    ("articles", "article", "publish"),
    ("articles", "article", "unpublish"),
    ("articles", "article", "delete_selected"),
    ("articles", "author", "delete_selected"),
    ("articles", "tag", "delete_selected"),
    ("comments", "comment", "mark_approved"),
    ("comments", "comment", "mark_spam"),
    ("comments", "comment", "mark_removed"),
    ("comments", "comment", "pin"),
    ("comments", "comment", "erase_personal_data"),
    ("comments", "comment", "erase_personal_data_and_text"),
    ("comments", "blocklistentry", "delete_selected"),
    ("newsletter", "subscriber", "unsubscribe"),
    ("newsletter", "subscriber", "erase_personal_data"),
    ("newsletter", "subscriber", "delete_selected"),
    ("newsletter", "issue", "retry_failed"),
    ("newsletter", "issue", "resume_sending"),
    ("newsletter", "issue", "delete_selected"),
    ("newsletter", "delivery", "retry"),
    ("platforms", "payreport", "mark_approved"),
    ("platforms", "payreport", "mark_rejected"),
    ("platforms", "payreport", "mark_spam"),
    ("platforms", "platform", "delete_selected"),
]


@pytest.fixture
def something_of_everything():
    """Rows in every state an action could move them out of."""
    author = make_article(published=False).author
    make_article(author=author, tags=[make_tag()])
    make_comment(status="pending")
    make_comment()
    BlockListEntry.objects.create(kind=BlockListEntry.Kind.WORD, value="casino")
    subscriber = make_subscriber()
    sent = make_issue(status=Issue.Status.SENT)
    Delivery.objects.create(
        issue=sent, subscriber=subscriber, status=Delivery.Status.FAILED, error="550"
    )
    sending = make_issue(status=Issue.Status.SENDING)
    Delivery.objects.create(issue=sending, subscriber=subscriber)
    make_author()  # the newest, and without articles, so it may be deleted
    make_pay_reports(status="pending")
    make_platform()  # the newest, and without reports, so it may be deleted


@pytest.fixture
def view_only_client(client):
    """A staff member who may look at everything in the site's apps and change nothing."""
    user = User.objects.create_user("viewer", password="a-long-test-password", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=SITE_APPS, codename__startswith="view_"
        )
    )
    client.force_login(user)
    return client


def everything_stored():
    """Every row of the site's apps, to compare before and after an action."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for app in SITE_APPS
        for model in apps.get_app_config(app).get_models()
    }


def run_action(client, app, model, action):
    pks = list(apps.get_model(app, model).objects.order_by("pk").values_list("pk", flat=True))
    if action == "delete_selected":
        pks = pks[-1:]  # the newest: authors with articles may not be deleted
    with captured_on_commit(execute=True):  # the work some actions queue, done at once
        return client.post(
            reverse(f"admin:{app}_{model}_changelist"),
            # "post" confirms delete_selected's intermediate page.
            {"action": action, "_selected_action": pks, "post": "yes"},
            follow=True,
        )


def test_every_admin_action_declares_the_permission_it_needs():
    """No action in the site's apps is offered to anyone who can merely see the list."""
    undeclared = [
        f"{model._meta.label}.{action.name}"
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in SITE_APPS
        for action in model_admin._get_base_actions()
        if not getattr(action.func, "allowed_permissions", ())
    ]
    assert undeclared == []


@pytest.mark.parametrize(("app", "model", "action"), STATE_CHANGING)
def test_view_only_staff_cannot_run_the_action(
    view_only_client, something_of_everything, app, model, action
):
    """A view-only staff member's POST of the action is ignored and changes nothing."""
    before = everything_stored()
    response = run_action(view_only_client, app, model, action)
    assert response.status_code == 200
    assert everything_stored() == before


@pytest.mark.parametrize(("app", "model", "action"), STATE_CHANGING)
def test_the_action_changes_something_for_staff_allowed_to(
    admin_client, something_of_everything, app, model, action
):
    """The same POST from a superuser does its work, so the refusal above is the permission."""
    before = everything_stored()
    run_action(admin_client, app, model, action)
    assert everything_stored() != before
