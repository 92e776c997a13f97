"""The moderation queue in the admin: each held comment in full, one-click decisions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from breakingeven.editors import editors_group
from comments.models import BlockListEntry, Comment
from tests.factories import comment_form_data, make_article, make_author, make_comment

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_queue")


def decide_url(comment):
    return reverse("admin:comments_comment_decide", args=[comment.pk])


def decide(client, comment, decision, *, seen="pending", json=False, **fields):
    headers = {"Accept": "application/json"} if json else {}
    data = {"decision": decision, "seen": seen, **fields}
    return client.post(decide_url(comment), data, headers=headers)


def count(article):
    article.refresh_from_db()
    return article.comment_count


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user(
        "ed", "ed@example.com", password="a-long-test-password", is_staff=True
    )
    user.groups.add(editors_group())
    client.force_login(user)
    return client


def test_queue_shows_each_held_comment_in_full(editor_client):
    """Text, name, article, parent, held reason, the commenter's history and age are shown."""
    article = make_article(title="Rates in 2026")
    parent = make_comment(article, name="First Fay", body="What do you earn per hour?")
    make_comment(article, email="pia@example.net", status="spam")
    make_comment(article, email="PIA@example.net")
    long_body = "I compared three platforms over six months. " * 20
    held = make_comment(
        article,
        parent=parent,
        name="Pending Pia",
        email="pia@example.net",
        body=long_body,
        status="pending",
        held_reason="Has 2 links.",
        ip_hash="f" * 64,
    )
    Comment.objects.filter(pk=held.pk).update(created_at=timezone.now() - timedelta(hours=3))
    content = editor_client.get(QUEUE).content.decode()
    assert "1 comment waiting" in content
    assert "Pending Pia" in content and "pia@example.net" in content
    assert long_body.strip() in content
    assert f'href="{article.get_absolute_url()}">Rates in 2026</a>' in content
    assert "In reply to First Fay (approved)" in content
    assert "What do you earn per hour?" in content
    assert "Has 2 links." in content
    assert "1 approved, 0 waiting, 1 spam, 0 removed" in content
    assert "3\xa0hours ago" in content


def test_queue_lists_only_what_waits(editor_client):
    """Approved, spam and removed comments stay out of the queue."""
    make_comment(name="Decided Dan")
    make_comment(name="Spammy Sam", status="spam")
    content = editor_client.get(QUEUE).content.decode()
    assert "Nothing is waiting" in content
    assert "Decided Dan" not in content and "Spammy Sam" not in content


@pytest.mark.parametrize(
    ("decision", "status", "visible"),
    [("approve", "approved", 1), ("spam", "spam", 0), ("remove", "removed", 0)],
)
def test_one_click_decisions_without_javascript(editor_client, decision, status, visible):
    """Each button is a POST that decides, keeps the count and returns to the queue."""
    comment = make_comment(status="pending", name="Nia")
    response = decide(editor_client, comment, decision, page="2")
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?page=2"
    comment.refresh_from_db()
    assert comment.status == status
    assert count(comment.article) == visible
    content = editor_client.get(QUEUE).content.decode()
    assert "the comment by Nia" in content


def test_a_second_click_changes_nothing_and_says_so(editor_client):
    """Approving twice counts once; the second answer says it was decided already."""
    comment = make_comment(status="pending", name="Nia")
    decide(editor_client, comment, "approve")
    response = decide(editor_client, comment, "approve", json=True)
    assert response.status_code == 409
    assert "Nothing changed" in response.json()["message"]
    assert count(comment.article) == 1


def test_a_stale_page_does_not_undo_another_editors_decision(editor_client):
    """Spam from a page shown before another editor approved leaves the comment approved."""
    comment = make_comment(status="pending", name="Nia")
    other_editor = Client()
    other_editor.force_login(User.objects.create_superuser("other", password="x"))
    decide(other_editor, comment, "approve")
    response = decide(editor_client, comment, "spam")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "approved"
    assert count(comment.article) == 1
    content = editor_client.get(QUEUE).content.decode()
    assert "already decided on the comment by Nia (it is approved now)" in content


def test_an_unknown_comment_is_a_clear_message(editor_client):
    """A comment deleted meanwhile answers 404 to the script and a message without it."""
    comment = make_comment(status="pending")
    Comment.objects.filter(pk=comment.pk).delete()
    assert decide(editor_client, comment, "approve", json=True).status_code == 404
    response = decide(editor_client, comment, "approve")
    assert response.status_code == 302
    assert "no longer exists" in editor_client.get(QUEUE).content.decode()


@pytest.mark.parametrize(
    "data",
    [{"decision": "publish"}, {"seen": "unknown"}, {"decision": "reply", "reply": " "}],
)
def test_bad_decisions_are_refused_with_a_message(editor_client, data):
    """A forged or incomplete decision changes nothing and answers 400."""
    comment = make_comment(status="pending")
    response = decide(editor_client, comment, **{"decision": "approve", **data}, json=True)
    assert response.status_code == 400
    assert response.json()["message"]
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_the_script_gets_the_message_alone(editor_client):
    """With Accept: application/json the answer is the message, for the page to show."""
    comment = make_comment(status="pending", name="Nia")
    response = decide(editor_client, comment, "approve", json=True)
    assert response.status_code == 200
    assert response.json() == {"message": "Approved the comment by Nia."}


def test_reply_as_the_articles_author_approves_and_answers(editor_client):
    """The reply is published under the article's author, with the badge, in the thread."""
    article = make_article(author=make_author(name="Grace Editor"))
    comment = make_comment(article, status="pending")
    response = decide(editor_client, comment, "reply", reply="Thanks, we will look into it.")
    assert response.status_code == 302
    comment.refresh_from_db()
    reply = comment.replies.get()
    assert comment.status == reply.status == "approved"
    assert reply.is_author and reply.name == "Grace Editor"
    assert reply.body_html == "<p>Thanks, we will look into it.</p>"
    assert count(article) == 2


def test_a_repeated_reply_is_posted_once(editor_client):
    """Sending the same reply twice (a double click) publishes it once."""
    comment = make_comment(status="pending")
    decide(editor_client, comment, "reply", reply="Noted.")
    decide(editor_client, comment, "reply", reply="Noted.")
    assert comment.replies.count() == 1


def test_the_same_reply_to_two_readers_is_posted_to_each(editor_client):
    """The same "Thanks, fixed." answers two readers: neither is refused as a duplicate."""
    first, second = make_comment(status="pending"), make_comment(status="pending")
    decide(editor_client, first, "reply", reply="Thanks, fixed.")
    response = decide(editor_client, second, "reply", reply="Thanks, fixed.")
    assert response.status_code == 302
    assert first.replies.count() == second.replies.count() == 1
    second.refresh_from_db()
    assert second.status == "approved"


def test_block_the_address_for_a_week(editor_client):
    """Blocking adds the address for 7 days and marks the comment as spam; it then holds."""
    comment = make_comment(status="pending", email="Bot@Example.net")
    decide(editor_client, comment, "block", block="address", block_days="7")
    entry = BlockListEntry.objects.get()
    assert (entry.kind, entry.value) == ("address", "bot@example.net")
    assert timedelta(days=6) < entry.expires_at - timezone.now() <= timedelta(days=7)
    comment.refresh_from_db()
    assert comment.status == "spam"
    Client().post(
        reverse("comments:post", args=[comment.article.slug]),
        comment_form_data(email="bot@example.net", body="Again."),
    )
    assert Comment.objects.get(body="Again.").status == "spam"


def test_an_expired_block_no_longer_blocks(client):
    """After its time the entry stays listed but lets comments through to moderation."""
    article = make_article()
    BlockListEntry.objects.create(
        kind="address",
        value="ada.reader@example.net",
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    client.post(reverse("comments:post", args=[article.slug]), comment_form_data())
    assert Comment.objects.get().status == "pending"


def test_block_the_visitor_for_ever(editor_client):
    """A visitor block catches the next comment from the same visitor, whatever the address."""
    article = make_article()
    reader = Client()
    reader.post(reverse("comments:post", args=[article.slug]), comment_form_data())
    comment = Comment.objects.get()
    decide(editor_client, comment, "block", block="visitor", block_days="")
    entry = BlockListEntry.objects.get()
    assert (entry.kind, entry.value, entry.expires_at) == ("visitor", comment.ip_hash, None)
    reader.post(
        reverse("comments:post", args=[article.slug]),
        comment_form_data(email="someone.else@example.net", body="New address."),
    )
    assert Comment.objects.get(body="New address.").status == "spam"


def test_blocking_a_visitor_without_a_hash_is_refused(editor_client):
    """Comments older than 90 days have no visitor hash to block."""
    comment = make_comment(status="pending", ip_hash="")
    response = decide(editor_client, comment, "block", block="visitor", json=True)
    assert response.status_code == 400
    assert not BlockListEntry.objects.exists()


def test_view_only_staff_see_the_queue_but_cannot_decide(client):
    """Without change permission there are no buttons, and a forged POST is refused."""
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(user)
    comment = make_comment(status="pending", name="Nia")
    content = client.get(QUEUE).content.decode()
    assert "Nia" in content and 'value="approve"' not in content
    assert decide(client, comment, "approve").status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_decisions_need_the_csrf_token():
    """A POST from another site, without the token, is refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.create_superuser("boss", password="x"))
    comment = make_comment(status="pending")
    assert decide(client, comment, "approve").status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_decisions_only_by_post(editor_client):
    """A link (GET) never decides."""
    comment = make_comment(status="pending")
    assert editor_client.get(decide_url(comment)).status_code == 405


def test_admin_front_page_says_how_many_wait(editor_client):
    """The front page links to the queue with the number of comments waiting."""
    make_comment(status="pending")
    make_comment(status="pending")
    content = editor_client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{QUEUE}"><strong>2</strong> comments waiting for moderation</a>' in content


def test_a_reply_the_checks_hold_is_said_to_wait(editor_client):
    """A reply with two links waits for moderation, and the message says so."""
    comment = make_comment(status="pending")
    body = "See https://one.example.com and https://two.example.org"
    response = decide(editor_client, comment, "reply", reply=body, json=True)
    assert response.json()["message"].endswith("Your reply waits in the queue: Has 2 links.")
    assert comment.replies.get().status == "pending"


def test_comment_list_links_to_the_queue(editor_client):
    """The comment list offers the queue beside its own tools."""
    content = editor_client.get(reverse("admin:comments_comment_changelist")).content.decode()
    assert f'<a href="{QUEUE}">Moderation queue</a>' in content
