"""Checks that browser tests run on a page: axe-core, the Nu HTML Checker, layout, screenshots."""

import json
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings

NODE_MODULES = settings.BASE_DIR / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"


def _require(path):
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `npm ci --ignore-scripts` first.")


def axe_violations(page):
    """Run axe-core on the page as it is now; one readable line per violation and element.

    The page must come from a context opened with bypass_csp=True: axe is injected as a script
    the site did not serve, which the site's Content-Security-Policy rightly refuses.
    """
    _require(AXE_SCRIPT)
    page.add_script_tag(path=AXE_SCRIPT)
    if not page.evaluate("typeof window.axe === 'object'"):
        raise RuntimeError("axe-core did not load: open the page with new_page(bypass_csp=True).")
    results = page.evaluate("async () => await window.axe.run(document)")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def validate_documents(documents: Mapping[str, str]):
    """Check several HTML documents with one run of the Nu HTML Checker; errors per name.

    Each run starts a JVM, which takes seconds, so callers collect their pages and check them
    together.
    """
    _require(VNU_JAR)
    java = shutil.which("java")
    if java is None:
        raise FileNotFoundError("The Nu HTML Checker needs Java: `apt-get install default-jre`.")
    errors = {name: [] for name in documents}
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for index, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"document-{index}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        result = subprocess.run(  # noqa: S603 (a fixed command on files written just above)
            [java, "-jar", VNU_JAR, "--errors-only", "--format", "json", *sorted(files)],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        raise RuntimeError(f"The Nu HTML Checker failed: {result.stderr}{result.stdout}") from None
    for message in report["messages"]:
        name = files.get(message.get("url", "").rpartition("/")[2])
        if name is None:  # a problem with the run itself, not with one document
            raise RuntimeError(f"The Nu HTML Checker failed: {message}")
        where = f"line {message.get('lastLine', '?')}"
        extract = " ".join(message.get("extract", "").split())
        errors[name].append(f"{where}: {message['message']} [{extract}]")
    return errors


def validate_html(html):
    """Errors the Nu HTML Checker finds in one HTML document (an empty list when it is valid)."""
    return validate_documents({"document": html})["document"]


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than its window (0 or less: no sideways scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


# The innermost elements that stick out of the window or whose content overflows them, outside
# any box that scrolls or clips sideways by itself (a wide table in a scrolling box is fine).
TOO_WIDE_ELEMENTS = """() => {
  const clipped = element => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== 'visible') return true;
    }
    return false;
  };
  const overflows = element => getComputedStyle(element).overflowX === 'visible'
    && element.scrollWidth > element.clientWidth;
  const tooWide = [...document.querySelectorAll('body *')].filter(element => !clipped(element)
    && (element.getBoundingClientRect().right > window.innerWidth || overflows(element)));
  const name = element => element.tagName.toLowerCase()
    + [...element.classList].map(className => '.' + className).join('');
  return tooWide
    .filter(element => !tooWide.some(other => other !== element && element.contains(other)))
    .slice(0, 5)
    .map(name);
}"""


def assert_no_horizontal_scroll(page):
    """The page is no wider than its window; otherwise name the elements that make it wider."""
    overflow = horizontal_overflow(page)
    if overflow > 0:
        width = page.viewport_size["width"]
        culprits = page.evaluate(TOO_WIDE_ELEMENTS)
        raise AssertionError(
            f"{page.url} scrolls sideways by {overflow}px at {width}px wide; too wide: {culprits}"
        )


# Marks each control a pointer can use (visible, enabled, in the tab order) and returns how many.
# A group of radio buttons is one stop for Tab (arrow keys move within it): its checked button,
# or its first when none is checked.
MARK_CONTROLS = """() => {
  const tabStop = element => {
    if (element.type !== 'radio') return true;
    const group = [...document.querySelectorAll(
      `input[type=radio][name="${CSS.escape(element.name)}"]`)];
    return element === (group.find(radio => radio.checked) || group[0]);
  };
  const controls = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]'
  )].filter(element => element.tabIndex >= 0 && !element.disabled && !element.closest('[inert]')
    && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden'
    && tabStop(element));
  controls.forEach((element, index) => { element.dataset.keyboardCheck = index; });
  return controls.length;
}"""

# What has the focus now, and whether a sighted keyboard user can see that it has.
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const label = (element.innerText || element.name || '').trim().slice(0, 40);
  return {
    mark: element.dataset.keyboardCheck ?? null,
    name: element.tagName.toLowerCase() + ' ' + label,
    visible: outlined || style.boxShadow !== 'none',
  };
}"""


def keyboard_problems(page):
    """Tab through the page from the top: every control must get the focus, and show it.

    Returns one line per control the Tab key never reaches and per control that shows no focus
    outline (or shadow) when it has the focus.
    """
    count = page.evaluate(MARK_CONTROLS)
    reached, problems, previous = set(), [], None
    for _ in range(count + 50):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is not None and focused["mark"] is not None and focused["mark"] == previous:
            continue  # the next part of one control (a month input's month, then its year)
        if focused is None or (focused["mark"] is not None and focused["mark"] in reached):
            break  # focus left the page or came round again
        previous = focused["mark"]
        # Controls a script added after the marking (the threads box) carry no mark: they are
        # passed through, not mistaken for the first control coming round again.
        reached.add(focused["mark"])
        if not focused["visible"]:
            problems.append(f"no visible focus on {focused['name']}")
    names = page.evaluate(
        """reached => [...document.querySelectorAll('[data-keyboard-check]')]
            .filter(element => !reached.includes(element.dataset.keyboardCheck))
            .map(element => element.tagName.toLowerCase() + ' ' + element.innerText.trim())""",
        sorted(mark for mark in reached if mark is not None),
    )
    problems.extend(f"not reachable by keyboard: {name}" for name in names)
    return problems


def save_screenshot(page, name):
    """Save a full-page screenshot as a test artifact: test-artifacts/screenshots/<name>.png."""
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Lazy images load only near the window; a full-page picture should show them all.
    for image in page.locator("img[loading=lazy]").all():
        image.scroll_into_view_if_needed()
    # Polled with evaluate(): wait_for_function() compiles its predicate with eval, which the
    # site's CSP (rightly) forbids.
    for _ in range(100):
        if page.evaluate("() => [...document.images].every(image => image.complete)"):
            break
        page.wait_for_timeout(50)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=path, full_page=True)
    return path
