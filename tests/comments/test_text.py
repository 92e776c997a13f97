"""Rendering a reader's text: the shortcut for text without links changes nothing."""

import bleach
import pytest
from django.utils.html import linebreaks

from comments.text import find_links, render_comment
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
