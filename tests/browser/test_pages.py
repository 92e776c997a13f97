"""Every page in pages.PAGES: no axe violation, valid HTML, usable from the keyboard, and at every
width nothing scrolls sideways."""

import re

import pytest

from .checks import (
    assert_no_horizontal_scroll,
    axe_violations,
    keyboard_problems,
    save_screenshot,
    validate_documents,
)
from .pages import PAGES, WIDTHS, open_site_page


@pytest.fixture
def site(demo_site):
    """These checks only read, so they all share one load of the demo content."""
    return demo_site


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("site_page", PAGES, ids=str)
def test_page_has_no_accessibility_violations(demo_site, new_page, site_page, width):
    """axe-core finds no violation on the page."""
    page = new_page(width=width, bypass_csp=True)
    open_site_page(page, site_page)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("site_page", PAGES, ids=str)
def test_page_fits_the_screen(demo_site, new_page, site_page, width):
    """The page never scrolls sideways; its screenshot is kept as a test artifact."""
    page = new_page(width=width)
    open_site_page(page, site_page)
    save_screenshot(page, f"{site_page}-{width}")
    assert_no_horizontal_scroll(page)


# A form shown with an error puts the focus on the field to fix, mid-page, so Tab starts there;
# the same page without the error is walked from the top.
@pytest.mark.parametrize("site_page", [p for p in PAGES if p.prepare is None], ids=str)
def test_page_works_from_the_keyboard(demo_site, page, site_page):
    """Tab reaches every link and control of the page, and each one shows that it has the focus."""
    open_site_page(page, site_page)
    assert keyboard_problems(page) == []


def test_pages_are_valid_html(demo_site, new_page):
    """The Nu HTML Checker finds no error in any page's HTML (checked in one run for speed)."""
    page = new_page()
    sources = {str(site_page): open_site_page(page, site_page) for site_page in PAGES}
    errors = validate_documents(sources)
    assert {name: found for name, found in errors.items() if found} == {}


def test_pages_show_no_template_syntax(demo_site, client):
    """No page shows template code as text, as a `{# comment #}` over two lines would."""
    for site_page in PAGES:
        html = client.get(site_page.path).content.decode()
        assert not re.search(r"\{[#%]|[#%]\}", html), f"{site_page.path} shows template code"
