"""Comments in a real browser: the scripts that enhance the comments section and the thread box."""

import os
import shutil
import time

import pytest
from django.db import connections

from comments.models import Comment
from comments.tokens import form_started_token
from tests.factories import make_article, make_comment

CHROMIUM = (
    os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="No Chromium on this machine."),
]


@pytest.fixture
def page(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own database calls
    # are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page()
        page.csp_errors = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and page.csp_errors.append(message.text)
            ),
        )
        yield page
        browser.close()
        # Database calls made while Playwright ran had a context (and connection) of their own.
        connections.close_all()


def test_thread_box_fills_in_after_the_page_loads(live_server, page):
    """The box replaces "Loading the latest threads…" with the latest threads, CSP intact."""
    make_comment(name="Noor Haddad", body="The queue came back on Tuesday.")
    page.goto(live_server.url + "/")
    box = page.locator(".threads-box")
    box.get_by_text("Noor Haddad").wait_for()
    assert "Loading the latest threads" not in box.inner_text()
    assert "The queue came back on Tuesday." in box.inner_text()
    assert page.csp_errors == []


def test_reply_moves_the_form_under_the_comment_and_posts_a_reply(live_server, page, settings):
    """Reply puts the one form under the comment; sending it files a reply to that comment."""
    settings.COMMENTS_AUTO_APPROVE_RETURNING = False
    article = make_article()
    top = make_comment(article, name="Grace")
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("link", name="Reply to Grace").click()
    form = page.locator(f"#comment-{top.pk} + #comment-form")
    assert form.is_visible()
    assert "Replying to Grace" in form.inner_text()
    assert page.evaluate("document.activeElement.name") == "body"
    page.get_by_label("Name").fill("Ada")
    page.get_by_label("Email", exact=True).fill("ada@example.net")
    page.get_by_role("textbox", name="Comment").fill("Same on my side.")
    # A reader takes more than the three seconds the form insists on; a test need not wait.
    started = form_started_token(at=time.time() - 60)
    page.locator("input[name=started]").evaluate("(input, value) => input.value = value", started)
    page.get_by_role("button", name="Post comment").click()
    page.get_by_text("awaiting moderation").wait_for()
    reply = Comment.objects.get(name="Ada")
    assert reply.parent == top and reply.status == Comment.Status.PENDING
    assert page.csp_errors == []
