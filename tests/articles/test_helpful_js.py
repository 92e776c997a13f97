"""helpful.js in a real browser: the answer is sent in place, under the site's strict CSP."""

import os
from pathlib import Path

import pytest
from django.db import connections

from articles.models import Vote
from tests.factories import make_article

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]


@pytest.fixture
def page(live_server, monkeypatch):
    """A Chromium page on the live server, collecting script errors and CSP violations."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, so Django takes the test's ORM
    # calls for async ones: allow them, and close the connection they opened before the loop
    # ends, or it outlives the test and keeps the test database from being dropped.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(base_url=live_server.url)
        page.set_default_timeout(10_000)
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        # Failed loads (a missing favicon, a refused vote) are logged too; those are not errors.
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and not message.text.startswith("Failed to load resource")
                and page.errors.append(message.text)
            ),
        )
        yield page
        browser.close()
        connections.close_all()


def test_helpful_answers_update_in_place_and_are_announced(page):
    """Yes/No and the note are sent without a reload; the status region says what happened."""
    from playwright.sync_api import expect

    article = make_article()
    page.goto(article.get_absolute_url())
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    status = page.locator("#helpful [role=status]")
    note_field = page.get_by_label("What was missing?")
    expect(note_field).to_be_hidden()

    page.get_by_role("button", name="No", exact=True).click()
    expect(status).to_have_text("Thanks for telling us. If you like, say what was missing.")
    expect(page.get_by_role("button", name="No", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    note_field.fill("Numbers for freelancers in Europe.")
    page.get_by_role("button", name="Send with No").click()
    expect(status).to_have_text("Thanks. Your note goes straight to the editors.")
    page.get_by_role("button", name="Yes", exact=True).click()
    expect(status).to_have_text("Thanks for letting us know it helped.")
    expect(page.get_by_role("button", name="Yes", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )

    assert navigations == []
    assert page.errors == []
    vote = Vote.objects.get(article=article)
    assert vote.helpful is True and vote.note == "Numbers for freelancers in Europe."
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (1, 0)


def test_helpful_shows_the_servers_message_when_refused(page, settings):
    """When the server refuses an answer, the reason is announced in place."""
    from playwright.sync_api import expect

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": "1/60"}
    article = make_article()
    page.goto(article.get_absolute_url())
    page.get_by_role("button", name="Yes", exact=True).click()
    expect(page.locator("#helpful [role=status]")).to_have_text(
        "Thanks for letting us know it helped."
    )
    page.get_by_role("button", name="No", exact=True).click()
    expect(page.locator("#helpful [role=status]")).to_contain_text("wait a minute")
    assert page.errors == []
