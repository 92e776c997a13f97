"""The site's one Markdown pipeline: render with python-markdown, then sanitize with bleach.

Sanitizing happens after rendering so that nothing Markdown produces (raw HTML passed through,
links, images, directives) can reach a reader unchecked. Callers store the result rather than
rebuilding it per request.

A directive is a line of its own such as `[[pay platform=tallyline]]`: apps register what it
renders (register_directive), and an unknown name is left as the text it is.
"""

import re
from functools import partial
from urllib.parse import urlsplit

import markdown
from bleach.html5lib_shim import allowed_protocols
from bleach.linkifier import TLDS, LinkifyFilter
from bleach.sanitizer import Cleaner
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import escape
from markdown.extensions.toc import slugify
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

# A web address as bleach finds one (its TLDs and protocols), except that one is only looked for
# from the start of a word and of a run of parentheses (so "--example.com" is left as text).
# bleach tries every position, and a 5,000-character comment such as "a-.a-.a-..." took three
# seconds to scan.
URL_RE = re.compile(
    r"""(?<!\()\(*  # opening parentheses
    \b(?<![@.\w-])(?:(?:{protocols}):/{{0,3}}(?:(?:\w+:)?\w+@)?)?  # http://
    ([\w-]+\.)+(?:{tlds})(?:\:[0-9]+)?(?!\.\w)\b  # xx.yy.tld(:##)?
    (?:[/?][^\s\{{\}}\|\\\^`<>"]*)?  # /path/zz, without RFC 3986's unsafe characters
    """.format(protocols="|".join(sorted(allowed_protocols)), tlds="|".join(sorted(TLDS))),
    re.IGNORECASE | re.VERBOSE,
)

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
        "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li",
        "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# The ids the article page gives its own elements (base.html and the article's templates): a
# heading given one of them would take its in-page links ("#comments") and repeat an id.
PAGE_IDS = frozenset(
    {
        "main", "messages", "comments", "comments-heading", "comment-form",
        "comment-form-heading", "helpful", "helpful-heading", "helpful-note", "helpful-note-help",
        "newsletter-signup-heading", "newsletter-email", "newsletter-email-error",
        "newsletter-website", "read-next-heading", "threads-box-heading", "author-box-heading",
    }
)  # fmt: skip
# And the ones made per page: each comment's anchor, and Django's ids for form fields.
PAGE_ID_PATTERN = re.compile(r"comment-\d+|id_\w+")


def is_page_id(value):
    return value in PAGE_IDS or bool(PAGE_ID_PATTERN.fullmatch(value))


def _heading_id(value, separator):
    """toc's own slug, suffixed as toc's de-duplication would when the page already uses it."""
    slug = slugify(value, separator)
    return f"{slug}_1" if is_page_id(slug) else slug


def _allowed_on_any_tag(tag, name, value):
    # An id in raw HTML that the page uses is dropped: Markdown's own are suffixed below.
    return name in ("class", "title") or (name == "id" and not is_page_id(value))


ALLOWED_ATTRIBUTES = {
    "*": _allowed_on_any_tag,
    "a": ["href", "title", "rel"],
    "img": ["src", "alt", "title", "width", "height"],
    "td": ["align", "colspan", "rowspan"],
    "th": ["align", "colspan", "rowspan", "scope"],
    "abbr": ["title"],
}


class _PageIdsTreeprocessor(Treeprocessor):
    # An id written by hand (`## Comments {#comments}`) is suffixed the same way, before toc
    # links the heading to it.
    def run(self, root):
        for element in root.iter():
            if is_page_id(element.get("id", "")):
                element.set("id", element.get("id") + "_1")


MARKDOWN_EXTENSIONS = ["extra", "toc", "sane_lists", "smarty"]
MARKDOWN_CONFIG = {
    "toc": {"permalink": "#", "permalink_title": "Link to this section", "slugify": _heading_id}
}


# About 15,000 words. python-markdown's time grows faster than the length of a list or a
# table, so a much longer body could take minutes to save.
MARKDOWN_MAX_LENGTH = 100_000


class MarkdownField(models.TextField):
    """Markdown an editor writes: saved exactly as typed, since a leading indent makes a code
    block, and at most MARKDOWN_MAX_LENGTH characters, so that saving it stays quick."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MARKDOWN_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        field = super().formfield(
            **{
                "strip": False,
                "error_messages": {
                    "max_length": "This text is too long to publish: it has %(show_value)d "
                    "characters, and the limit is %(limit_value)d (about 15,000 words). "
                    "Split it into parts."
                },
                **kwargs,
            }
        )
        # A browser would cut a longer paste short without a word; the message above says it.
        field.widget.attrs.pop("maxlength", None)
        if field.required:
            field.validators.append(_not_blank)
        return field


def _not_blank(text):
    # Not stripped, so spaces alone would otherwise count as a body.
    if not text.strip():
        raise ValidationError(forms.Field.default_error_messages["required"], code="required")


DIRECTIVES = {}
DIRECTIVE = re.compile(r"\[\[([a-z]+)((?:[ \t]+[a-z_]+=[\w-]*)*)[ \t]*\]\]")


def register_directive(name, render):
    """`render(args)` returns the HTML for `[[name key=value …]]`, or raises LookupError with
    a message for the editor when an argument names nothing."""
    DIRECTIVES[name] = render


def _directive_on(line):
    """(name, args) when `line` is a whole directive of a registered name; else None."""
    match = DIRECTIVE.fullmatch(line.rstrip())
    if match and match[1] in DIRECTIVES:
        return match[1], dict(pair.split("=", 1) for pair in match[2].split())
    return None


def directives_in(text):
    """(name, args) of each line of `text` that is a directive of a registered name."""
    return [found for line in (text or "").splitlines() if (found := _directive_on(line))]


class _DirectivePreprocessor(Preprocessor):
    # Runs after fenced code is set aside, so a directive quoted in code stays text.
    def __init__(self, md):
        super().__init__(md)
        self.errors = []

    def run(self, lines):
        output = []
        for line in lines:
            if (found := _directive_on(line)) is None:
                output.append(line)
                continue
            name, args = found
            try:
                html = DIRECTIVES[name](args)
            except LookupError as error:
                self.errors.append(str(error))
                html = f'<p class="directive-error">{escape(error)}</p>'
            output.extend(["", self.md.htmlStash.store(html), ""])
        return output


def _is_outside_link(href):
    host = urlsplit(href or "").netloc
    return bool(host) and host != urlsplit(settings.SITE_URL).netloc


def _mark_outside_links(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if _is_outside_link(href):
        rel = set(attrs.get((None, "rel"), "").split())
        attrs[(None, "rel")] = " ".join(sorted(rel | {"noopener"}))
    return attrs


class MarkupTooDeep(ValueError):
    """Markdown nested deeper than python-markdown can follow: it recurses once per level of
    lists, quotes or emphasis, and hundreds of levels exhaust Python's stack."""


def render_markdown(text, *, permalinks=True):
    """Return safe HTML for Markdown written by an editor; raise MarkupTooDeep, whose message
    is for the editor, when the text nests too deeply to render.

    `permalinks` adds a "#" link to each heading: on a page a reader can share a section, in an
    email it leads nowhere.
    """
    return _render(text, permalinks=permalinks)[0]


def render_checked(text, *, permalinks=True):
    """The HTML of `render_markdown(text)`, and a message for the editor about each directive
    that names nothing (empty when all is well): one pass checks the text and renders it."""
    return _render(text, permalinks=permalinks)


def _render(text, *, permalinks):
    config = MARKDOWN_CONFIG
    if not permalinks:
        config = {"toc": {**MARKDOWN_CONFIG["toc"], "permalink": False}}
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=config)
    directives = _DirectivePreprocessor(md)
    if DIRECTIVES:
        md.preprocessors.register(directives, "directives", 20)
    # After attr_list (8) sets hand-written ids, before toc (5) makes links to them.
    md.treeprocessors.register(_PageIdsTreeprocessor(md), "page_ids", 6.5)
    try:
        html = md.convert(text or "")
    except RecursionError:
        raise MarkupTooDeep(
            "This text nests lists, quotes or emphasis too deeply to be shown. Please flatten it."
        ) from None
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
            partial(
                LinkifyFilter,
                callbacks=[_mark_outside_links],
                skip_tags={"pre", "code"},
                url_re=URL_RE,
            )
        ],
    )
    return cleaner.clean(html), directives.errors
