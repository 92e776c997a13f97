import csv
import io

import pytest
from django.urls import reverse

from comments.models import BlockListEntry, Comment
from platforms.models import Mention
from tests.factories import make_article, make_comment, make_platform

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")


def action(admin_client, name, comments):
    return admin_client.post(
        CHANGELIST,
        {"action": name, "_selected_action": [c.pk for c in comments]},
        follow=name != "export_csv",
    )


def test_queue_shows_pending_first_with_what_an_editor_needs(admin_client):
    """Pending comes first; rows show article, name, email, excerpt, links and held reason."""
    article = make_article(title="Tier list")
    make_comment(article, name="Approved Al")
    pending = make_comment(
        article,
        name="Pending Pia",
        email="pia@example.net",
        body="Look at https://example.org please",
        status="pending",
        held_reason="Returning commenter, but the comment has a link.",
    )
    Comment.objects.filter(pk=pending.pk).update(created_at=pending.created_at.replace(year=2020))
    content = admin_client.get(CHANGELIST).content.decode()
    assert content.index("Pending Pia") < content.index("Approved Al")
    row = content[content.index("Pending Pia") - 2000 : content.index("Pending Pia") + 2000]
    for shown in [
        "Tier list",
        "pia@example.net",
        "Look at https://example.org please",
        "Returning commenter, but the comment has a link.",
        '<td class="field-link_count">1</td>',
    ]:
        assert shown in row


@pytest.mark.parametrize(
    ("name", "status"),
    [("mark_approved", "approved"), ("mark_spam", "spam"), ("mark_removed", "removed")],
)
def test_bulk_actions_moderate_and_keep_the_count(admin_client, name, status):
    """Approve, mark as spam and remove work in bulk and keep the article's count exact."""
    article = make_article()
    start = "pending" if status == "approved" else "approved"
    comments = [make_comment(article, status=start) for _ in range(3)]
    response = action(admin_client, name, comments)
    assert "3 comments" in response.content.decode()
    assert set(Comment.objects.values_list("status", flat=True)) == {status}
    article.refresh_from_db()
    assert article.comment_count == (3 if status == "approved" else 0)


def test_editor_corrects_the_text_and_publishes(admin_client):
    """Editing a comment saves the corrected text, re-rendered, and counts the approval."""
    comment = make_comment(status="pending", body="Teh rates", name="Nia")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    data = {"status": "approved", "name": "Nia", "email": comment.email, "body": "The rates"}
    response = admin_client.post(url, data)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "approved" and comment.body_html == "<p>The rates</p>"
    comment.article.refresh_from_db()
    assert comment.article.comment_count == 1


def test_correcting_an_approved_comment_moves_its_mood_to_what_it_now_says(admin_client):
    """The corrected text's platforms and mood replace the old ones, dated as first said."""
    tallyline = make_platform(name="Tallyline", slug="tallyline")
    guild = make_platform(name="Gradient Guild", slug="gradient-guild")
    comment = make_comment(body="Tallyline paid on time, great support.", name="Nia")
    said_at = Mention.objects.get(platform=tallyline).said_at
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    data = {
        "status": "approved",
        "name": "Nia",
        "email": comment.email,
        "body": "Gradient Guild paid late again, terrible support.",
    }
    assert admin_client.post(url, data).status_code == 302
    mention = Mention.objects.get(comment=comment)
    assert (mention.platform, mention.mood) == (guild, Mention.Mood.NEGATIVE)
    assert mention.said_at == said_at == comment.approved_at


def test_correcting_a_pending_comment_gives_it_no_mood_yet(admin_client):
    """A comment never approved counts towards no platform's mood until it is approved."""
    make_platform(name="Tallyline", slug="tallyline")
    comment = make_comment(status="pending", body="Tallyline is great.", name="Nia")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    data = {
        "status": "pending",
        "name": "Nia",
        "email": comment.email,
        "body": "Tallyline paid on time, great support.",
    }
    assert admin_client.post(url, data).status_code == 302
    assert not Mention.objects.exists()


def test_deleting_in_the_admin_keeps_the_count(admin_client):
    """Deleting approved comments (one, or in bulk) takes them out of the article's count."""
    article = make_article()
    one, two, three = (make_comment(article) for _ in range(3))
    admin_client.post(reverse("admin:comments_comment_delete", args=[one.pk]), {"post": "yes"})
    admin_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [two.pk, three.pk], "post": "yes"},
    )
    article.refresh_from_db()
    assert article.comment_count == 0 and not Comment.objects.exists()


def test_editors_cannot_invent_comments(admin_client):
    """Comments come from readers: the admin has no "add comment" form."""
    assert admin_client.get(reverse("admin:comments_comment_add")).status_code == 403


def test_csv_export_has_every_selected_comment_safe_for_spreadsheets(admin_client):
    """CSV export lists the selected comments with their emails; formulas are neutralised."""
    article = make_article(title="Pay bands")
    plain = make_comment(article, name="Ana", email="ana@example.net", body="Line one\nline two")
    formula = make_comment(article, name='=HYPERLINK("x")', status="pending")
    response = action(admin_client, "export_csv", [plain, formula])
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["id"] for row in rows] == [str(plain.pk), str(formula.pk)]
    assert rows[0]["email"] == "ana@example.net"
    assert rows[0]["comment"] == "Line one\nline two"
    assert rows[0]["article"] == "Pay bands" and rows[0]["status"] == "approved"
    assert rows[1]["name"] == '\'=HYPERLINK("x")'


def test_author_badge_shows_in_the_list(admin_client):
    """The list marks comments with the Author badge."""
    make_comment(name="Writer", is_author=True)
    make_comment(name="Reader")
    content = admin_client.get(CHANGELIST).content.decode()
    assert content.count('<td class="field-author_badge">Author</td>') == 1


def test_block_list_is_managed_in_the_admin(admin_client):
    """Editors add addresses, domains and words to the block list, stored lower-case."""
    response = admin_client.post(
        reverse("admin:comments_blocklistentry_add"),
        {"kind": "domain", "value": " Spam.Example ", "note": "seen in March"},
    )
    assert response.status_code == 302
    assert BlockListEntry.objects.get().value == "spam.example"


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("domain", "@spam.example"),
        ("domain", "https://spam.example/offers"),
        ("domain", "pest@spam.example"),
        ("address", "spam.example"),
        ("visitor", "203.0.113.5"),
    ],
)
def test_block_list_refuses_entries_that_could_never_match(admin_client, kind, value):
    """A domain written as an address or a link, an address without its @, or an IP address
    for a visitor hash gets a message."""
    response = admin_client.post(
        reverse("admin:comments_blocklistentry_add"), {"kind": kind, "value": value}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["value"]
    assert not BlockListEntry.objects.exists()


def test_block_list_refuses_the_same_entry_in_other_case(admin_client):
    """Adding an entry that differs only in case is refused with a message, not an error page."""
    BlockListEntry.objects.create(kind="word", value="casino")
    response = admin_client.post(
        reverse("admin:comments_blocklistentry_add"), {"kind": "word", "value": "CASINO"}
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert BlockListEntry.objects.count() == 1


def test_view_on_site_leads_somewhere_for_held_comments(admin_client):
    """ "View on site" opens an approved comment, or the article for one still held."""
    approved = make_comment()
    held = make_comment(status="pending")
    for comment, expected in [
        (approved, approved.get_absolute_url()),
        (held, f"{held.article.get_absolute_url()}#comments"),
    ]:
        page = admin_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
        assert f'href="{expected}" class="viewsitelink"' in page.content.decode()
