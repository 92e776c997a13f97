"""A commenter's personal data is erased on request, everywhere they commented."""

import pytest
from django.urls import reverse

from articles.models import Article
from comments.models import ERASED_NAME, Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")


def erase(admin_client, action, comments):
    return admin_client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [c.pk for c in comments]},
        follow=True,
    )


def count_of(article):
    return Article.objects.get(pk=article.pk).comment_count


def test_erasing_keeps_the_text_under_an_anonymous_name(admin_client):
    """Every comment from the address, in any case, loses name, address, hash and reply emails."""
    first, second = make_article(), make_article()
    selected = make_comment(
        first, name="Dana Q", email="Dana@Example.net", ip_hash="h1", notify_on_reply=True
    )
    other = make_comment(second, name="Dana Q", email="dana@example.net", ip_hash="h2")
    held = make_comment(second, name="Dana", email="DANA@example.net", status="pending")
    bystander = make_comment(first, name="Sam", email="sam@example.net", ip_hash="h3")
    response = erase(admin_client, "erase_personal_data", [selected])
    assert "Erased the name, address and visitor hash in 3 comment(s)" in response.text
    for comment in (selected, other, held):
        comment.refresh_from_db()
        assert (comment.name, comment.email, comment.ip_hash) == (ERASED_NAME, "", "")
        assert not comment.notify_on_reply
    assert selected.body and selected.status == Comment.Status.APPROVED
    assert held.status == Comment.Status.PENDING
    bystander.refresh_from_db()
    assert (bystander.name, bystander.email, bystander.ip_hash) == ("Sam", "sam@example.net", "h3")
    assert (count_of(first), count_of(second)) == (2, 1)


def test_the_cached_article_page_shows_the_anonymous_name_at_once(admin_client, client):
    """The page cache is refreshed: readers see the former reader, not the old name."""
    article = make_article()
    comment = make_comment(article, name="Identifiable Ida", body="A useful tip.")
    assert "Identifiable Ida" in client.get(article.get_absolute_url()).text
    erase(admin_client, "erase_personal_data", [comment])
    page = client.get(article.get_absolute_url()).text
    assert "Identifiable Ida" not in page
    assert ERASED_NAME in page and "A useful tip." in page


def test_erasing_with_the_text_removes_the_comments_and_keeps_counts_exact(admin_client, client):
    """The comments leave the site and the counts; their text is gone from the database."""
    article = make_article()
    mine = make_comment(article, name="Leaving Lee", email="lee@example.net", body="Secret tip")
    reply = make_comment(parent=mine, email="LEE@example.net", body="And another")
    kept = make_comment(article, body="Another reader stays")
    assert count_of(article) == 3
    client.get(article.get_absolute_url())
    response = erase(admin_client, "erase_personal_data_and_text", [reply])
    assert "Erased and removed 2 comment(s)" in response.text
    for comment in (mine, reply):
        comment.refresh_from_db()
        assert comment.status == Comment.Status.REMOVED
        assert (comment.name, comment.email, comment.body, comment.body_html) == (
            ERASED_NAME,
            "",
            "",
            "",
        )
    assert count_of(article) == 1
    page = client.get(article.get_absolute_url()).text
    assert "Secret tip" not in page and "Leaving Lee" not in page
    assert kept.body in page
