"""Pinned comments: an editor puts a thread first on its article, marked as pinned."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from comments import section
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")


def pin(client, comments, action="pin"):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [c.pk for c in comments]}, follow=True
    )


def names_in_order(client, article, names):
    content = client.get(article.get_absolute_url()).content.decode()
    return sorted(names, key=content.index)


# With 2 a page, the article's three comments are read by threads_for(), not in one query.
@pytest.mark.parametrize("per_page", [50, 2])
def test_a_pinned_thread_comes_first_marked_pinned(admin_client, client, monkeypatch, per_page):
    """On the article the pinned thread is shown first with a "Pinned" badge, on one page
    of comments or many."""
    article = make_article()
    make_comment(article, name="Early Eve")
    later = make_comment(article, name="Later Lou")
    make_comment(article, name="Reply Ray", parent=later)
    pin(admin_client, [later])
    monkeypatch.setattr(section, "COMMENTS_PER_PAGE", per_page)
    assert names_in_order(client, article, ["Early Eve", "Later Lou", "Reply Ray"]) == [
        "Later Lou",
        "Reply Ray",
        "Early Eve",
    ]
    content = client.get(article.get_absolute_url()).content.decode()
    assert content.count("badge--pinned") == 1


def test_unpinning_restores_the_order(admin_client, client):
    """Unpinned, the thread goes back to its place by date."""
    article = make_article()
    make_comment(article, name="Early Eve")
    later = make_comment(article, name="Later Lou")
    pin(admin_client, [later])
    response = pin(admin_client, [later], action="unpin")
    assert "Unpinned 1 comment(s)." in response.content.decode()
    assert names_in_order(client, article, ["Early Eve", "Later Lou"]) == [
        "Early Eve",
        "Later Lou",
    ]
    assert "badge--pinned" not in client.get(article.get_absolute_url()).content.decode()


def test_only_approved_first_comments_can_be_pinned(admin_client):
    """Held comments and replies stay unpinned, and the message says why."""
    thread = make_comment()
    reply = make_comment(parent=thread)
    held = make_comment(status="pending")
    response = pin(admin_client, [thread, reply, held])
    assert "Pinned 1 comment(s)" in response.content.decode()
    assert list(Comment.objects.exclude(pinned_at=None)) == [thread]


def test_a_pinned_comments_link_opens_the_first_page(admin_client, client, monkeypatch):
    """The permalink of a pinned thread, and of a thread after it, count the pin first."""
    monkeypatch.setattr("comments.views.COMMENTS_PER_PAGE", 1)
    article = make_article()
    first = make_comment(article)
    last = make_comment(article)
    pin(admin_client, [last])
    assert client.get(last.get_absolute_url())["Location"].endswith(f"/#{last.anchor}")
    assert client.get(first.get_absolute_url())["Location"].endswith(f"?comments=2#{first.anchor}")


def test_view_only_staff_cannot_pin(client, django_user_model):
    """Pinning changes the article page, so it needs change permission."""
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(user)
    comment = make_comment()
    pin(client, [comment])
    comment.refresh_from_db()
    assert comment.pinned_at is None
