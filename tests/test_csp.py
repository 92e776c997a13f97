from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_article

PROJECT = Path(settings.BASE_DIR)


def policy_of(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.django_db
def test_pages_are_served_with_a_strict_policy(client):
    """Home, article, author, tag, admin and error pages all carry the strict policy."""
    article = make_article()
    tag = article.tags.create(name="Pay", slug="pay")
    for url in (
        reverse("articles:home"),
        article.get_absolute_url(),
        article.author.get_absolute_url(),
        tag.get_absolute_url(),
        reverse("admin:login"),
        "/no-such-page/",
    ):
        policy = policy_of(client.get(url))
        assert policy["default-src"] in (["'self'"], ["'none'"]), url
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["base-uri"] == ["'none'"], url
        assert policy["form-action"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        for sources in policy.values():
            assert not {"'unsafe-inline'", "'unsafe-eval'", "data:", "*"} & set(sources), url


class InlineCodeFinder(HTMLParser):
    """Collects what a strict policy would block: inline scripts, styles and handlers."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.getpos()[0]
        structured_data = attributes.get("type") == "application/ld+json"
        if tag == "script" and "src" not in attributes and not structured_data:
            self.found.append(f"line {line}: inline <script>")
        if tag == "style":
            self.found.append(f"line {line}: <style> element")
        for name in attributes:
            if name == "style":
                self.found.append(f"line {line}: style attribute")
            elif name.startswith("on"):
                self.found.append(f"line {line}: {name} attribute")


def inline_code_in(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def site_templates():
    """Every HTML template of the project and its apps, except emails (no CSP in a mail reader)."""
    folders = [PROJECT / "templates", *PROJECT.glob("*/templates")]
    return sorted(
        path
        for folder in folders
        for path in folder.rglob("*.html")
        if "email" not in path.relative_to(folder).parts
    )


def test_no_template_holds_inline_script_style_or_handler():
    """Templates load code only from files, so the strict policy never breaks a page."""
    templates = site_templates()
    assert PROJECT / "templates" / "base.html" in templates
    problems = {
        str(path.relative_to(PROJECT)): found
        for path in templates
        if (found := inline_code_in(path.read_text()))
    }
    assert problems == {}


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script type="module">import "x"</script>',
        "<style>p { color: red }</style>",
        '<p style="color: red">',
        '<a href="#" onclick="go()">',
        '<img src="x.png" onerror="go()">',
        '<body onload="{{ handler }}">',
    ],
)
def test_template_scan_catches_inline_code(html):
    """The template scan recognises each kind of inline code the policy forbids."""
    assert inline_code_in(html)


@pytest.mark.parametrize(
    "html",
    [
        "<script src=\"{% static 'js/votes.js' %}\" defer></script>",
        '<script type="application/ld+json">{"@type": "Article"}</script>',
        '<a class="only" href="/online/" data-onboarding="1">online</a>',
    ],
)
def test_template_scan_allows_files_and_structured_data(html):
    """Script files, JSON-LD and attribute names merely starting with "on…" text pass."""
    assert inline_code_in(html) == []
