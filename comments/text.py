"""Readers' comments are plain text: escaped, paragraphs kept, web addresses made into links.

Comments never go through the Markdown pipeline (breakingeven.markup): readers get no markup at
all, so everything they type is escaped first and the only HTML is what this module adds.
"""

from bleach.linkifier import Linker
from django.utils.html import linebreaks

from breakingeven.markup import URL_RE

# User-generated links: no ranking credit, and the opened page gets no handle on ours.
LINK_REL = "nofollow ugc noopener"


def _mark_link(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


def render_comment(text):
    """Safe HTML for a reader's plain text."""
    html = linebreaks(text, autoescape=True)
    # Escaped text with no web address comes out of linkify unchanged, so most comments skip
    # its HTML parse. Its parser drops NUL characters, so text with one still goes through it.
    if "\x00" not in text and not find_links(text):
        return html
    return Linker(callbacks=[_mark_link], url_re=URL_RE).linkify(html)


def find_links(text):
    """The web addresses in `text` that render_comment turns into links."""
    return [match.group(0) for match in URL_RE.finditer(text)]
