"""A reader's journeys, with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_article


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_reader_opens_an_article_from_the_home_page(live_server, new_page, javascript):
    """From the home page a reader clicks an article's title and reads its title and body."""
    article = make_article(
        title="Reading a rubric twice",
        body_markdown="## First pass\n\nThe second read finds what the first one missed.",
    )
    make_article(title="Another piece", body_markdown="Nothing to do with rubrics.")
    page = new_page(javascript=javascript)

    page.goto("/")
    page.get_by_role("link", name="Reading a rubric twice").click()

    expect(page).to_have_url(live_server.url + article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Reading a rubric twice")
    expect(page.get_by_role("heading", level=2, name="First pass")).to_be_visible()
    expect(page.get_by_text("The second read finds what the first one missed.")).to_be_visible()
    expect(page.get_by_text("Nothing to do with rubrics.")).to_have_count(0)
