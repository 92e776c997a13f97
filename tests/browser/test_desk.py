"""The editor's desk in a real browser: the moderation queue by keyboard, without JavaScript,
and its accessibility and HTML validity."""

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Vote
from breakingeven.editors import editors_group
from comments.models import Comment
from newsletter.models import Delivery, Issue
from tests.factories import make_article, make_author, make_comment
from tests.newsletter.helpers import make_issue, make_subscriber

from .checks import axe_violations, validate_documents

PASSWORD = "editor-password"  # noqa: S105 (a throwaway test account)


@pytest.fixture
def editor(settings):
    """An editor in the Editors group, not a superuser; fast hashing, as it guards nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_user("desk", "desk@example.com", PASSWORD, is_staff=True)
    user.groups.add(editors_group())
    return user


@pytest.fixture
def held_comments():
    """Three held comments, oldest first, one of them a reply."""
    article = make_article(title="Shift pay", author=make_author(name="Grace Editor"))
    parent = make_comment(article, name="Fay", body="Who pays for night shifts?")
    return [
        make_comment(article, status="pending", name="Ann", body="First held."),
        make_comment(article, status="pending", name="Bo", body="Second held.", parent=parent),
        make_comment(article, status="pending", name="Cy", body="Third held."),
    ]


def open_queue(page):
    page.goto("/admin/comments/comment/queue/")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Moderation queue")).to_be_visible()
    # The heading can show before the deferred moderation.js runs; keys pressed then are lost.
    page.wait_for_load_state()


def statuses(comments):
    return [Comment.objects.get(pk=c.pk).status for c in comments]


def test_editor_walks_the_queue_with_the_keyboard(live_server, page, editor, held_comments):
    """j selects, a approves, s marks spam, r replies: each in place, focus moving on."""
    ann, bo, cy = held_comments
    open_queue(page)
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    status = page.get_by_role("status")

    page.keyboard.press("j")
    expect(page.locator(f"#held-{ann.pk}")).to_be_focused()
    page.keyboard.press("a")
    expect(status).to_have_text("Approved the comment by Ann.")
    expect(page.locator(f"#held-{ann.pk}")).to_have_count(0)
    expect(page.locator(f"#held-{bo.pk}")).to_be_focused()

    page.keyboard.press("s")
    expect(status).to_have_text("Marked the comment by Bo as spam.")
    expect(page.locator(f"#held-{cy.pk}")).to_be_focused()

    page.keyboard.press("r")
    reply = page.get_by_label("Your reply")
    expect(reply).to_be_focused()
    page.keyboard.type("Thanks, Cy.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Approve and publish the reply")).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_have_text("Approved the comment by Cy and published your reply.")
    expect(page.locator("[data-queue-item]")).to_have_count(0)

    assert navigations == []
    assert statuses(held_comments) == ["approved", "spam", "approved"]
    reply = Comment.objects.get(parent=cy)
    assert reply.is_author and reply.name == "Grace Editor"
    cy.article.refresh_from_db()
    assert cy.article.comment_count == 4  # Fay, Ann, Cy and the reply


def test_editor_moderates_without_javascript(live_server, new_page, editor, held_comments):
    """With JavaScript off every button posts and the queue reloads with a message."""
    ann, bo, cy = held_comments
    page = new_page(javascript=False)
    open_queue(page)
    page.locator(f"#held-{ann.pk}").get_by_role("button", name="Remove").click()
    expect(page.get_by_text("Removed the comment by Ann.")).to_be_visible()
    held = page.locator(f"#held-{bo.pk}")
    held.get_by_text("Block this commenter").click()
    held.get_by_label("Their email address").check()
    held.get_by_label("For").select_option(label="30 days")
    held.get_by_role("button", name="Block and mark as spam").click()
    expect(page.get_by_text("Blocked Bo and marked the comment as spam.")).to_be_visible()
    assert statuses(held_comments) == ["removed", "spam", "pending"]
    expect(page.locator("[data-queue-item]")).to_have_count(1)


@pytest.fixture
def some_numbers(held_comments):
    """Something for every chart and table of the dashboard."""
    article = held_comments[0].article
    Vote.objects.create(article=article, voter_id="a", helpful=True)
    Vote.objects.create(article=article, voter_id="b", helpful=False, note="More on rates")
    subscriber = make_subscriber(signup_page=article.get_absolute_url())
    issue = make_issue(status=Issue.Status.SENT, sending_started_at=timezone.now())
    Delivery.objects.create(issue=issue, subscriber=subscriber, status="sent", attempts=1)


def test_queue_report_form_and_dashboard_pass_axe_and_the_html_checker(
    live_server, new_page, editor, some_numbers, held_comments
):
    """axe finds no violation and the Nu checker no error on the queue, the dashboard (light
    and dark) and a reader's report form."""
    page = new_page(bypass_csp=True)
    open_queue(page)
    sources = {"queue": page.content()}
    assert axe_violations(page) == []
    page.goto("/admin/?period=7")
    expect(page.locator(".chart__bar").first).to_be_visible()
    sources["dashboard"] = page.content()
    assert axe_violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert axe_violations(page) == []
    reader = new_page(bypass_csp=True)
    published = Comment.objects.approved().first()  # Fay's, which Bo answers
    reader.goto(f"/comments/{published.pk}/report/")
    sources["report form"] = reader.content()
    assert axe_violations(reader) == []
    assert validate_documents(sources) == {name: [] for name in sources}


def test_reader_reports_a_comment_without_javascript(live_server, new_page):
    """A reader follows Report under a comment, picks a reason and is thanked on the article."""
    comment = make_comment(name="Loud Lee", body="Buy followers here.")
    page = new_page(javascript=False)
    page.goto(comment.article.get_absolute_url())
    page.get_by_role("link", name="Report the comment by Loud Lee").click()
    page.get_by_label("Spam or advertising").check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Thanks for the report.")).to_be_visible()
    assert comment.reports.get().reason == "spam"
