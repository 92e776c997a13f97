"""Fixtures for tests that drive Debian's Chromium through Playwright against the live server."""

import contextlib
import functools
import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from articles import demo as articles_demo

from .checks import save_screenshot

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    """Mark every test in this folder `browser`, so `pytest -m "not browser"` leaves them out."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so fixtures can tell that a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all browser tests, closed when they are done."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: `apt-get install chromium`, or set CHROMIUM.")
    # Playwright's sync API keeps an asyncio event loop running in this thread for as long as it
    # is started, and Django then refuses ORM calls from the test body (SynchronousOnlyOperation).
    # The tests never share a connection with that loop, so the check does not apply to them.
    # Package scope ends the loop, and this setting, before any test outside this folder runs.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()


def watch_for_problems(page, found):
    """Note what a reader would never see but a broken page shows in its console."""

    def on_console(message):
        # Chromium also logs every failed load; on_response names the file instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            found.append(f"console error: {message.text}")

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            found.append(f"{response.status} for {response.url}")

    page.on("pageerror", lambda error: found.append(f"JavaScript error: {error}"))
    page.on("console", on_console)
    page.on("response", on_response)


@pytest.fixture
def new_page(browser, live_server, request):
    """Open pages on the live server: new_page(width=375, javascript=False, bypass_csp=True).

    Each page gets its own context (cookies, storage), so pages of one test are different
    visitors, and `page.goto("/")` is relative to the live server. A test that passed still fails
    if one of its pages threw a JavaScript error, logged one (a script the CSP blocked, say) or
    loaded a file that answered an error; a test that expects such a problem removes it from
    `page_problems[page]`. When a test fails, a screenshot of each of its pages is kept in
    test-artifacts/screenshots/failed/.
    """
    contexts = []
    problems = {}

    def open_page(*, width=1280, height=900, javascript=True, bypass_csp=False):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
            bypass_csp=bypass_csp,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        problems[page] = []
        watch_for_problems(page, problems[page])
        return page

    open_page.problems = problems
    yield open_page

    outcome = getattr(request.node, "report_call", None)
    if outcome is not None and outcome.failed:
        name = re.sub(r"[^\w.-]+", "-", request.node.name)
        for index, page in enumerate(problems):
            # The page may have crashed; the failure itself is what gets reported then.
            with contextlib.suppress(PlaywrightError):
                save_screenshot(page, f"failed/{name}-{index}")
    for context in contexts:
        context.close()
    if outcome is not None and outcome.passed:
        found = [problem for page_found in problems.values() for problem in page_found]
        assert not found, "The browser saw problems:\n" + "\n".join(found)


@pytest.fixture
def page_problems(new_page):
    """What the pages of this test went through: {page: [problem, ...]}; clear what you expect."""
    return new_page.problems


@pytest.fixture
def page(new_page):
    """A page in a 1280 px wide window with JavaScript on."""
    return new_page()


@pytest.fixture(scope="package")
def _quick_demo():
    """Draw the demo's hero images once per run, not for every test that loads the demo."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(articles_demo, "hero_png", functools.cache(articles_demo.hero_png))
        yield


@pytest.fixture
def demo_site(_quick_demo, live_server, settings):
    """The live server with the demo content loaded (`manage.py load_demo`): what `make run` shows.

    Tests with the live server run in real transactions, because the server's thread reads the
    database through its own connection; the database is emptied after each test.
    """
    # The demo editor's password guards nothing here; a fast hash saves most of a second a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=io.StringIO())
    return live_server
