"""The site's pages that every browser check visits: add a page here and axe, the HTML checker
and the layout checks at every width cover it.

Paths point at the demo content (`manage.py load_demo`), which the `demo_site` fixture loads, so
the pages show what a reader sees: long articles, tables, hero images, comments.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from playwright.sync_api import Page

from articles import demo_content

WIDTHS = (375, 1280)  # a small phone and a laptop, in CSS pixels


@dataclass(frozen=True)
class SitePage:
    name: str  # names test ids and screenshot files
    path: str
    status: int = 200
    # Brings the page to the state to check after it has loaded, e.g. submits a form empty so
    # that its errors show. It receives the Playwright page and may click, fill and submit.
    prepare: Callable[[Page], None] | None = None

    def __str__(self):
        return self.name


# The newest demo article that readers can see (not a draft, not scheduled).
ARTICLE = next(
    entry
    for entry in demo_content.ARTICLES
    if entry["status"] == "published" and entry["days_ago"] >= 0
)


def send_comment_with_a_bad_address(page):
    """The comment form back from the server with an error beside the email field."""
    form = page.locator("#comment-form")
    form.get_by_label("Name").fill("Sam")
    # Browsers accept "sam@example"; the site asks for a full address.
    form.get_by_label("Email", exact=True).fill("sam@example")
    form.get_by_role("textbox", name="Comment").fill("Checking the error state.")
    form.get_by_role("button", name="Post comment").click()


def sign_up_with_a_bad_address(page):
    """The newsletter page back from the server with an error beside the address field."""
    page.get_by_label("Email address").fill("sam@example")
    page.get_by_role("button", name="Subscribe").click()


def send_a_report_for_next_year(page):
    """The pay report form back from the server with an error beside the month."""
    form = page.locator("#report-form")
    for label in ("Platform", "Task type", "Credential level"):
        form.get_by_label(label).select_option(index=1)
    form.get_by_label("Hourly pay").fill("21.50")
    form.get_by_label("Hours worked in the last week").fill("12")
    # Browsers accept any month; the site refuses one that hasn't happened.
    form.get_by_label("Month of the work").fill(f"{date.today().year + 1}-01")
    form.get_by_label("On time").check()
    form.get_by_label("Plenty").check()
    form.get_by_role("button", name="Send report").click()


PAGES = [
    SitePage("home", "/"),
    SitePage("article", f"/articles/{ARTICLE['slug']}/"),
    SitePage("tag", f"/tags/{ARTICLE['tags'][0]}/"),
    SitePage("author", f"/authors/{demo_content.AUTHOR['slug']}/"),
    SitePage(
        "article-comment-error",
        f"/articles/{ARTICLE['slug']}/",
        prepare=send_comment_with_a_bad_address,
    ),
    SitePage("newsletter", "/newsletter/"),
    SitePage("newsletter-error", "/newsletter/", prepare=sign_up_with_a_bad_address),
    SitePage("discussions", "/discussions/"),
    SitePage("search", "/search/"),
    SitePage("search-results", "/search/?q=pay"),
    SitePage("tier-list", "/platforms/"),
    SitePage("platform", "/platforms/tallyline/"),
    SitePage("pay", "/pay/"),
    SitePage("pay-filtered", "/pay/?currency=EUR"),
    SitePage("pay-report", "/pay/report/"),
    SitePage("pay-report-error", "/pay/report/", status=200, prepare=send_a_report_for_next_year),
    SitePage("not-found", "/no-such-page/", status=404),
]


def open_site_page(page, site_page):
    """Open the page, bring it to its state, and return the HTML source the browser last received.

    The source (not the DOM the browser built from it) is what the HTML checker must see.
    """
    documents = []

    def keep_document(response):
        if response.request.resource_type == "document" and response.frame == page.main_frame:
            documents.append(response)

    page.on("response", keep_document)
    response = page.goto(site_page.path)
    assert response.status == site_page.status, f"{site_page.path} answered {response.status}"
    if site_page.prepare is not None:
        site_page.prepare(page)
        page.wait_for_load_state()
    page.remove_listener("response", keep_document)
    return documents[-1].text()
