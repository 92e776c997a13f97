"""The checks themselves: each one must catch the problem it is there for."""

import pytest

from .checks import (
    assert_no_horizontal_scroll,
    axe_violations,
    keyboard_problems,
    validate_documents,
)

VALID = '<!doctype html><html lang="en"><head><title>Fine</title></head><body><p>Fine.</p></body>'
BROKEN = "<!doctype html><title>Broken</title><p><div>"


@pytest.fixture
def blank_page(browser):
    context = browser.new_context(viewport={"width": 375, "height": 700}, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_axe_reports_an_image_without_alt_text(blank_page):
    """axe_violations names the rule a page breaks and the element that breaks it."""
    blank_page.set_content(
        '<html lang="en"><title>T</title><main><h1>T</h1><img src="data:,"></main></html>'
    )
    violations = axe_violations(blank_page)
    assert any(line.startswith("image-alt (critical)") and "img" in line for line in violations)


def test_axe_passes_an_accessible_page(blank_page):
    """axe_violations is empty for a page that breaks no rule."""
    blank_page.set_content('<html lang="en"><title>T</title><main><h1>T</h1></main></html>')
    assert axe_violations(blank_page) == []


def test_html_checker_reports_errors_per_document():
    """validate_documents checks many documents in one run and files each error under its page."""
    errors = validate_documents({"broken": BROKEN, "fine": VALID})
    assert errors["fine"] == []
    assert any("Unclosed element “div”" in error for error in errors["broken"])


def test_sideways_scroll_is_caught(blank_page):
    """assert_no_horizontal_scroll fails on a page wider than the window and names the culprit."""
    blank_page.set_content('<html><body><pre class="wide">' + "x" * 400 + "</pre></body></html>")
    with pytest.raises(AssertionError, match="pre.wide"):
        assert_no_horizontal_scroll(blank_page)
    blank_page.set_content("<html><body><p>" + "word " * 400 + "</p></body></html>")
    assert_no_horizontal_scroll(blank_page)


def test_keyboard_check_finds_hidden_focus_and_a_keyboard_trap(blank_page):
    """keyboard_problems names a link whose focus cannot be seen and a link behind a trap."""
    blank_page.set_content(
        "<style>:focus-visible { outline: 3px solid orange; } .bare:focus { outline: 0; }</style>"
        '<a href="#a">Fine</a> <a class="bare" href="#b">Bare</a>'
        "<input aria-label=Trap onkeydown=\"event.key === 'Tab' && event.preventDefault()\">"
        '<a href="#c">After the trap</a>'
    )
    assert keyboard_problems(blank_page) == [
        "no visible focus on a Bare",
        "not reachable by keyboard: a After the trap",
    ]
