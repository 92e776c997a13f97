"""Fixtures for tests that drive Debian's Chromium through Playwright against the live server."""

import contextlib
import io
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connections
from django.test.utils import modify_settings, override_settings
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

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
def site(live_server):
    """The server `new_page` opens pages on: pytest-django's live server, emptied after each test.

    A module of checks that only read the demo content overrides it with `demo_site`.
    """
    return live_server


@pytest.fixture
def new_page(browser, site, request):
    """Open pages on the live server: new_page(width=375, javascript=False, bypass_csp=True).

    Each page gets its own context (cookies, storage), so pages of one test are different
    visitors, and `page.goto("/")` is relative to the server. A test that passed still fails
    if one of its pages threw a JavaScript error, logged one (a script the CSP blocked, say) or
    loaded a file that answered an error; a test that expects such a problem removes it from
    `page_problems[page]`. When a test fails, a screenshot of each of its pages is kept in
    test-artifacts/screenshots/failed/.
    """
    contexts = []
    problems = {}

    def open_page(*, width=1280, height=900, javascript=True, bypass_csp=False):
        context = browser.new_context(
            base_url=site.url,
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


def row_counts():
    """Rows per model, to notice a test that wrote to data other tests share."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


@pytest.fixture(scope="module")
def _demo_content(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, committed once for a module of tests that only read it; emptied after.

    Not once per test: a test on pytest-django's `live_server` runs as a TransactionTestCase
    (the server's thread reads through its own connection, so data must be committed, and
    cannot be rolled back), which empties every table when the test ends; loading the demo
    again for each page check took most of the browser tests' time. So the demo is committed
    here, outside any test, and served by a server of its own (`_demo_server`): its tests never
    use `live_server`, and nothing empties the tables between them. When the module ends the
    tables are emptied as a TransactionTestCase would, so later tests start from nothing.
    Yields the folder that holds the demo's images.
    """
    media = tmp_path_factory.mktemp("demo-media")
    # The demo editor's password guards nothing here; a fast hash saves about a second.
    fast_hash = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast_hash),
    ):
        call_command("load_demo", without_debug=True, stdout=io.StringIO())
    yield media
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        # While Playwright's event loop runs in this thread, Django's connections here are kept
        # per asyncio context, apart from the one the test database was created with, and
        # nothing else closes this one: left open, the test database cannot be dropped.
        connections.close_all()


@pytest.fixture(scope="module")
def _demo_server(_demo_content, request):
    """A live server for the demo site beside pytest-django's: the same host, another port."""
    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    host = address.rsplit(":", 1)[0] if address.count(":") == 1 else address
    server = LiveServer(host)
    with modify_settings(ALLOWED_HOSTS={"append": host}):
        yield server
    server.stop()


@pytest.fixture
def demo_site(_demo_server, _demo_content, db, settings):
    """The live demo site (`manage.py load_demo`: what `make run` shows), for tests that only read.

    Its content is loaded once per module (see `_demo_content`) and shared by the module's
    tests, so a test must not change it: one that adds or deletes rows fails, naming them.
    `db` gives the test body the usual transaction, rolled back at the end; the server's thread
    has a connection of its own on PostgreSQL and commits what it writes. Journeys that write
    use `live_server` and build their own data with `tests/factories.py`.
    """
    settings.MEDIA_ROOT = _demo_content  # the demo's images, not this test's empty folder
    before = row_counts()
    yield _demo_server
    changed = {
        label: (before[label], count)
        for label, count in row_counts().items()
        if count != before[label]
    }
    assert not changed, f"The test changed the shared demo content (rows before, after): {changed}"
