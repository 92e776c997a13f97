"""The site's one Markdown pipeline: render with python-markdown, then sanitize with bleach.

Sanitizing happens after rendering so that nothing Markdown produces (raw HTML passed through,
links, images) can reach a reader unchecked. Callers store the result rather than
rebuilding it per request.
"""

from functools import partial
from urllib.parse import urlsplit

import markdown
from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import Cleaner
from django.conf import settings

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
        "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li",
        "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": ["id", "class", "title"],
    "a": ["href", "title", "rel"],
    "img": ["src", "alt", "title", "width", "height"],
    "td": ["align", "colspan", "rowspan"],
    "th": ["align", "colspan", "rowspan", "scope"],
    "abbr": ["title"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

MARKDOWN_EXTENSIONS = ["extra", "toc", "sane_lists", "smarty"]
MARKDOWN_CONFIG = {"toc": {"permalink": "#", "permalink_title": "Link to this section"}}


def _is_outside_link(href):
    host = urlsplit(href or "").netloc
    return bool(host) and host != urlsplit(settings.SITE_URL).netloc


def _mark_outside_links(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if _is_outside_link(href):
        rel = set(attrs.get((None, "rel"), "").split())
        attrs[(None, "rel")] = " ".join(sorted(rel | {"noopener"}))
    return attrs


def render_markdown(text):
    """Return safe HTML for Markdown written by an editor."""
    html = markdown.markdown(
        text or "", extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG
    )
    # Linkifying inside the cleaner, rather than with bleach.linkify() afterwards, keeps
    # entities in skipped tags intact: linkify(skip_tags=...) escapes `&lt;` in code twice.
    # A Cleaner is not thread-safe, so each call builds its own.
    cleaner = Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[
            partial(LinkifyFilter, callbacks=[_mark_outside_links], skip_tags={"pre", "code"})
        ],
    )
    return cleaner.clean(html)
