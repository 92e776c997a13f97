"""The public XSS corpora in ../shared/security, and the one check of what a page may hold."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

CORPORA = Path(settings.BASE_DIR).parent / "shared" / "security"
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


def corpus(name):
    """A corpus file's text; the test is skipped where the corpora are absent (CI has them)."""
    path = CORPORA / name
    if not path.exists():
        pytest.skip(f"The shared XSS corpus is not at {path}.")
    return path.read_text(encoding="utf-8", errors="replace")


def payloads():
    """Every non-blank line of xss-payloads.txt."""
    return [line for line in corpus("xss-payloads.txt").splitlines() if line.strip()]


def batches(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]


def markdown_fixture_inputs():
    """The inputs of markdown-xss-fixture.txt: cases of title, ".", input, ".", output, "."."""
    inputs, part, lines = [], "title", []
    for line in corpus("markdown-xss-fixture.txt").split("\n"):
        if line != ".":
            lines.append(line)
        elif part == "title":
            part, lines = "input", []
        elif part == "input":
            inputs.append("\n".join(lines))
            part = "output"
        else:
            part, lines = "title", []
    return inputs


class Elements(HTMLParser):
    """Every start tag in a document, with its attributes."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def dangers(html):
    """Markup that would run script, load a frame, or carry a handler or an unsafe URL."""
    found = []
    for tag, attrs in Elements(html).found:
        if tag in {"iframe", "frame", "object", "embed", "base", "style", "svg", "math"}:
            found.append(tag)
        # JSON-LD is a data block the browser never runs; anything breaking out of it would
        # show up here as markup of its own.
        is_data = tag == "script" and attrs.get("type") == "application/ld+json"
        if tag == "script" and not is_data and not (attrs.get("src") or "").startswith("/static/"):
            found.append("inline script")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                found.append(f"{tag} {name}")
            unsafe = (value or "").strip().lower().startswith(UNSAFE_SCHEMES)
            if unsafe and name in {"href", "src", "action", "formaction", "xlink:href"}:
                found.append(f"{tag} {name}={value}")
    return found
