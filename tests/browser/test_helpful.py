"""helpful.js in a real browser: the answer is sent in place, under the site's strict CSP
(the shared `page` fixture fails the test on any script error or CSP refusal)."""

from playwright.sync_api import expect

from articles.models import Vote
from tests.factories import make_article


def test_helpful_answers_update_in_place_and_are_announced(page):
    """Yes/No and the note are sent without a reload; the status region says what happened."""
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
    vote = Vote.objects.get(article=article)
    assert vote.helpful is True and vote.note == "Numbers for freelancers in Europe."
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (1, 0)


def test_helpful_shows_the_servers_message_when_refused(page, page_problems, settings):
    """When the server refuses an answer, the reason is announced in place."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": "1/60"}
    article = make_article()
    page.goto(article.get_absolute_url())
    page.get_by_role("button", name="Yes", exact=True).click()
    expect(page.locator("#helpful [role=status]")).to_have_text(
        "Thanks for letting us know it helped."
    )
    page.get_by_role("button", name="No", exact=True).click()
    expect(page.locator("#helpful [role=status]")).to_contain_text("wait a minute")
    # The refused request answered 429 on purpose; that is what this test is about.
    page_problems[page][:] = [p for p in page_problems[page] if not p.startswith("429 ")]


def test_a_returning_voter_sees_their_answer_on_the_shared_page(page):
    """After a reload the page is everyone's; helpful.js asks for the reader's own answer."""
    article = make_article()
    page.goto(article.get_absolute_url())
    page.get_by_role("button", name="No", exact=True).click()
    status = page.locator("#helpful [role=status]")
    expect(status).to_have_text("Thanks for telling us. If you like, say what was missing.")
    page.reload()
    expect(status).to_have_text(
        "You answered No. Thank you! You can change your answer at any time."
    )
    expect(page.get_by_role("button", name="No", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_label("What was missing?")).to_be_visible()
