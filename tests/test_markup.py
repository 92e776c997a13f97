from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from breakingeven.markup import (
    ALLOWED_PROTOCOLS,
    ALLOWED_TAGS,
    PAGE_IDS,
    MarkupTooDeep,
    render_markdown,
)
from tests.xss import dangers, markdown_fixture_inputs
from tests.xss_cases import XSS_CASES

SECURITY_CORPORA = Path(settings.BASE_DIR).parent / "shared" / "security"
# Markdown that python-markdown follows one recursion per level: a list 500 levels deep, and
# emphasis opened 5,000 times.
TOO_DEEP = [
    "".join("  " * level + "- item\n" for level in range(500)),
    "*" * 5000 + "a" + "*" * 5000,
]


class Elements(HTMLParser):
    """Every start tag in a piece of HTML, with its attributes unescaped as a browser would."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def scheme_of(url):
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    squeezed = "".join(ch for ch in url if ord(ch) > 32 and ord(ch) != 127)
    return urlsplit(squeezed).scheme.lower()


def assert_safe(html):
    """No element outside the allow-list, no event handler, no link or image to a script."""
    for tag, attrs in Elements(html).found:
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (name, html)
            assert name != "style", html
            if name in ("href", "src"):
                assert scheme_of(value or "") in {"", *ALLOWED_PROTOCOLS}, (value, html)


def test_headings_get_anchors():
    """Each heading gets an id and a link to itself."""
    html = render_markdown("## Where the money is")
    assert '<h2 id="where-the-money-is">' in html
    assert 'href="#where-the-money-is"' in html


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [("Comments", "comments_1"), ("Main", "main_1"), ("Comment 12", "comment-12_1")],
)
def test_headings_never_take_an_id_the_article_page_uses(heading, anchor):
    """A heading named like one of the page's own elements gets a suffixed anchor."""
    html = render_markdown(f"## {heading}\n\n## {heading}", permalinks=False)
    assert f'<h2 id="{anchor}">' in html
    assert f'<h2 id="{anchor[:-1]}2">' in html
    ids = {attrs.get("id") for _, attrs in Elements(html).found}
    assert not ids & (PAGE_IDS | {"comment-12"})


def test_ids_written_by_hand_never_take_one_the_article_page_uses():
    """A Markdown id is suffixed, with its heading's link; a raw HTML one is dropped."""
    html = render_markdown(
        "## Talk to us {#comments}\n\n## Mine {#pay-notes}\n\n"
        '<div id="comment-form">Form</div>\n\n<p id="comment-7">Seven</p>\n\n'
        '<p id="own">Kept</p>\n\n[Join in](#comments)'
    )
    assert '<h2 id="comments_1">' in html and 'href="#comments_1"' in html
    assert '<h2 id="pay-notes">' in html and '<p id="own">' in html
    assert "<div>Form</div>" in html and "<p>Seven</p>" in html
    # A link to the page's own comments is the editor's to make.
    assert '<a href="#comments">Join in</a>' in html
    ids = {attrs.get("id") for _, attrs in Elements(html).found}
    assert not ids & (PAGE_IDS | {"comment-form", "comment-7"})


def test_lists_tables_code_and_footnotes_render():
    """Lists, tables, fenced code and footnotes come through as HTML."""
    html = render_markdown(
        "- one\n- two\n\n"
        "| Task | Rate |\n|---|---|\n| Rating | $20 |\n\n"
        "```python\nif rate < 20 and hours > 10:\n    quit()\n```\n\n"
        "Estimates run long.[^1]\n\n[^1]: Time them.\n"
    )
    assert "<ul>" in html and "<li>one</li>" in html
    assert "<table>" in html and "<td>$20</td>" in html
    assert '<code class="language-python">' in html
    assert 'class="footnote"' in html and 'href="#fn:1"' in html


def test_code_keeps_its_characters():
    """Angle brackets and ampersands in code are escaped once, not twice."""
    html = render_markdown("```\na < b && c > d\n```")
    assert "a &lt; b &amp;&amp; c &gt; d" in html


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "<style>body { display: none }</style>",
        '<iframe src="https://example.org/"></iframe>',
        '<object data="movie.swf"></object>',
        '<svg onload="alert(1)"><circle r="5"/></svg>',
        "<math><mi>x</mi></math>",
        '<img src="x.png" onerror="alert(1)">',
        '<a href="https://example.org/" onclick="alert(1)">link</a>',
        '<p style="color: red">styled</p>',
    ],
)
def test_dangerous_markup_is_stripped(markdown):
    """Scripts, styles, frames, plugins, SVG, MathML and event handlers never survive."""
    html = render_markdown(markdown)
    assert_safe(html)
    for forbidden in (
        "<script",
        "<style",
        "<iframe",
        "<object",
        "<svg",
        "<math",
        "onload",
        "onerror",
    ):
        assert forbidden not in html


@pytest.mark.parametrize(
    "markdown",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">click</a>',
        '<a href="vbscript:msgbox(1)">click</a>',
        "![pic](javascript:alert(1))",
    ],
)
def test_script_links_lose_their_address(markdown):
    """Only http, https and mailto links keep their href."""
    html = render_markdown(markdown)
    assert_safe(html)
    assert "javascript:" not in html.lower()
    assert "data:" not in html and "vbscript:" not in html


def test_outside_links_get_noopener(settings):
    """Links to other sites open without access to this page; our own links are untouched."""
    settings.SITE_URL = "https://breakingeven.example"
    html = render_markdown(
        "[survey](https://example.org/survey) [ours](https://breakingeven.example/articles/x/) "
        "[relative](/newsletter/) [mail](mailto:editor@example.org)"
    )
    assert '<a href="https://example.org/survey" rel="noopener">' in html
    assert '<a href="https://breakingeven.example/articles/x/">' in html
    assert '<a href="/newsletter/">' in html
    assert '<a href="mailto:editor@example.org">' in html


def test_bare_addresses_become_safe_links():
    """A bare URL in the text becomes a link, marked noopener."""
    html = render_markdown("See https://example.org/rates for more.")
    assert '<a href="https://example.org/rates" rel="noopener">' in html


def read_corpus(name):
    path = SECURITY_CORPORA / name
    if not path.exists():
        pytest.skip(f"{path} is not available on this machine")
    return path.read_text(encoding="utf-8", errors="replace")


def test_markdown_xss_fixture_is_neutralised():
    """Every input of the markdown-it XSS fixture renders to safe HTML."""
    inputs = markdown_fixture_inputs()
    # Each case is a title, an input and markdown-it's own output: the inputs are what count.
    assert len(inputs) > 10 and all(inputs)
    for markdown in inputs:
        assert_safe(render_markdown(markdown))


def test_xss_payload_list_is_neutralised():
    """None of the 6,613 public XSS payloads leaves runnable markup in an article body."""
    lines = read_corpus("xss-payloads.txt").splitlines()
    # A hundred payloads per document, as separate paragraphs, keeps the run short.
    for start in range(0, len(lines), 100):
        assert_safe(render_markdown("\n\n".join(lines[start : start + 100])))


@pytest.mark.parametrize("attack", XSS_CASES)
def test_each_class_of_xss_is_neutralised_in_articles_and_comments(attack):
    """The project's own cases of each class render nothing runnable, in either pipeline."""
    from comments.text import render_comment

    for payload in XSS_CASES[attack]:
        assert_safe(render_markdown(payload))
        assert not dangers(render_comment(payload)), payload


@pytest.mark.parametrize("text", TOO_DEEP, ids=["list", "emphasis"])
def test_markdown_nested_too_deeply_is_refused_with_a_message(text):
    """Nesting beyond what the renderer can follow is an error the editor can read."""
    with pytest.raises(MarkupTooDeep, match="too deeply to be shown"):
        render_markdown(text)
