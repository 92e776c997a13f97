"""Rendering a reader's text: the shortcut for text without links changes nothing."""

import bleach
import pytest
from django.utils.html import linebreaks

from comments.text import LINK_REL, find_links, render_comment
from tests.servers import python_output
from tests.xss import payloads

AWKWARD_TEXTS = [
    "Thanks!",
    'It\'s "quoted" & <b>bold</b> </p> <!-- c --> a > b',
    "First\n\nsecond\nthird\r\nfourth\rfifth",
    "Entities stay text: &amp; &#x27; &lt; &nbsp; &#0; &foo; &#",
    "Controls\t\x01\x0b\x0c\x7f\x80 and spaces\u00a0\u2028\ufeff\ufffd",
    "Accents, emoji and scripts: é ß İ 🎉 Ω ع",
    "Near misses: example . com, http:// nothing, name@example, .org alone",
    "With a NUL\x00 character",
]


def linkified(text):
    """What rendering gave before the shortcut: every text through linkify's parser."""
    return bleach.linkify(linebreaks(text, autoescape=True))


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
def test_text_without_links_renders_as_linkify_would(text):
    """Escaping, paragraphs and odd characters come out exactly as linkify gave them."""
    assert not find_links(text)
    assert render_comment(text) == linkified(text)


def test_link_free_payloads_render_as_linkify_would():
    """Every XSS payload without a web address renders exactly as linkify gave it."""
    for payload in payloads():
        if not find_links(payload):
            assert render_comment(payload) == linkified(payload), payload


LINKED_TEXTS = [
    "see https://example.com/a?b=c#d, and www.example.org.",
    "(example.com) ((x.io))",
    "mail me a@b.com or visit b.com:8080/x",
    "foo-bar.co.uk/path_(1) and http://user:pw@host.com/x",
    "a.b.c.d.com e.f x.com. _a.com_ 1.2.3.4",
    "Go to EXAMPLE.COM now, or ftp://files.example.net, or https://例え.jp/テスト",
]


@pytest.mark.parametrize("text", LINKED_TEXTS)
def test_addresses_are_found_and_linked_as_bleach_finds_them(text):
    """The site's own address pattern finds what bleach's finds in ordinary text."""
    assert find_links(text) == [match.group(0) for match in bleach.linkifier.URL_RE.finditer(text)]
    assert render_comment(text) == linkified(text).replace('rel="nofollow"', f'rel="{LINK_REL}"')


# Texts with no address that bleach's pattern searched from every position: at most 5,000
# characters in a comment, where each took up to three seconds; four times as long here.
HOSTILE_TEXTS = ["a-." * 6_666, "-a" * 10_000, "(" * 20_000, "http://" + "a-." * 6_664]


def test_hostile_text_is_searched_once():
    """Each text above is rendered within a (generous) time that the old search overran."""
    code = (
        "import django; django.setup();"
        "from comments.text import find_links, render_comment;"
        "from tests.comments.test_text import HOSTILE_TEXTS;"
        "print(sum(len(find_links(text)) + len(render_comment(text)) for text in HOSTILE_TEXTS))"
    )
    printed = python_output(
        code, DJANGO_SETTINGS_MODULE="breakingeven.settings", SECRET_KEY="text-test-key"
    )
    assert int(printed) > 60_000
