"""The newsletter's emails, built from templates/newsletter/email/ with absolute links only."""

import email.message
import email.policy
import email.utils
import re
from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from breakingeven.emails import SiteEmail, message_id, render_html, render_text, site_email
from breakingeven.links import absolute_url
from breakingeven.markup import render_markdown

from . import tokens
from .models import Issue

# Editors may write site-relative links in an issue's Markdown; in an inbox they must be absolute.
_RELATIVE_HTML_LINK = re.compile(r'(\s(?:href|src)=")/(?!/)')
_RELATIVE_MARKDOWN_LINK = re.compile(r"(\]\()/(?!/)")


def _absolute_links(pattern, text):
    return pattern.sub(lambda match: f"{match.group(1)}{settings.SITE_URL}/", text)


def confirm_url(subscriber):
    return absolute_url(reverse("newsletter:confirm", args=[tokens.confirm_token(subscriber)]))


def unsubscribe_url(subscriber):
    return absolute_url(
        reverse("newsletter:unsubscribe", args=[tokens.unsubscribe_token(subscriber)])
    )


def _render(template, context):
    render = render_html if template.endswith(".html") else render_text
    return render(f"newsletter/email/{template}", context)


# Stand-ins for the parts of an issue's copies that differ from one subscriber to the next.
_PERSONAL_ADDRESS = "newsletter-personal-address@personal.invalid"
_PERSONAL_MESSAGE_ID = "<newsletter-personal-message-id@personal.invalid>"
_PERSONAL_DATE = datetime(2000, 1, 1, tzinfo=UTC)
# Stands in for each subscriber's link; nothing in the templates escapes or contains it.
_PERSONAL_LINK = "NEWSLETTER-PERSONAL-UNSUBSCRIBE-LINK"
_PERSONAL_ADDRESS_BYTES = _PERSONAL_ADDRESS.encode()
_PERSONAL_LINK_BYTES = _PERSONAL_LINK.encode()
_PERSONAL_MESSAGE_ID_BYTES = _PERSONAL_MESSAGE_ID.encode()
_PERSONAL_DATE_BYTES = email.utils.format_datetime(_PERSONAL_DATE).encode()
# An addr-spec that needs no quoting or encoding, in a header or as the SMTP envelope's recipient
# (a dot-atom and an ASCII domain), so it can be swapped in as is.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9-]+"
_PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})*")


class _PreparedMessage(email.message.EmailMessage):
    """A message already flattened to bytes, for a mail backend to hand over as is."""

    def __init__(self, data, policy):
        super().__init__(policy=policy)
        self._data = data

    def as_bytes(self, unixfrom=False, policy=None):
        return self._data

    def as_string(self, unixfrom=False, maxheaderlen=None, policy=None):
        return self._data.decode()


class IssueCopy(SiteEmail):
    """One subscriber's copy of an issue, flattened from the issue's shared layout when it can be.

    It is an ordinary email in every other respect (body, alternatives, headers), so any mail
    backend can send it; only its flattening is cheaper than building the MIME tree again.
    """

    content = None  # set by IssueContent.message_for

    def message(self, *, policy=email.policy.default):
        data = None
        if self.content is not None and len(self.to) == 1:
            url = self.extra_headers["List-Unsubscribe"][1:-1]
            data = self.content.fill_in(policy, self.to[0], url)
        if data is None:
            return super().message(policy=policy)
        return _PreparedMessage(data, policy.clone(max_line_length=998))


def _message(template, *, subject, to, context, headers=None):
    return site_email(
        f"newsletter/email/{template}", subject=subject, to=[to], context=context, headers=headers
    )


def _list_headers(url):
    """RFC 8058 one-click unsubscribe: mail providers POST to the URL on the reader's behalf."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def confirmation_message(subscriber):
    return _message(
        "confirm",
        subject=f"Confirm your subscription to {settings.SITE_NAME}",
        to=subscriber.email,
        context={"confirm_url": confirm_url(subscriber), "valid_days": tokens.CONFIRM_MAX_AGE.days},
    )


def welcome_message(subscriber):
    url = unsubscribe_url(subscriber)
    return _message(
        "welcome",
        subject=f"Welcome to the {settings.SITE_NAME} newsletter",
        to=subscriber.email,
        context={"unsubscribe_url": url},
        headers=_list_headers(url),
    )


# The width of an email's text column, in CSS pixels (templates/email/email.css), and of the
# rendition its pictures use: sharp enough on most phones, a fraction of the 1600 px file.
COLUMN_WIDTH = 536
PICTURE_WIDTH = 800


# How many paragraphs of an article an excerpt gives, after its standfirst.
EXCERPT_PARAGRAPHS = 2
# Blocks of Markdown an excerpt leaves out: headings, pictures, quotes, lists, code, tables and
# directives read badly out of their place, and only the opening paragraphs are wanted.
_NOT_A_PARAGRAPH = re.compile(r"\A(?:#|!\[|>|[-*+] |\d+\. |```|~~~|\||\[\[|<| {4}|\t)")


def excerpt_markdown(text, paragraphs=EXCERPT_PARAGRAPHS):
    """The first `paragraphs` paragraphs of an article's Markdown."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text or "")]
    kept = [block for block in blocks if block and not _NOT_A_PARAGRAPH.match(block)]
    return "\n\n".join(kept[:paragraphs])


def _card(article, article_text):
    """What an issue shows of an announced article: its standfirst, then its opening
    paragraphs or its whole text, as the editor chose for the issue."""
    full = article_text == Issue.ArticleText.FULL
    text = article.body_markdown if full else excerpt_markdown(article.body_markdown)
    card = {
        "title": article.title,
        "dek": article.dek,
        "url": absolute_url(article.get_absolute_url()),
        "full": full,
        "body_text": _absolute_links(_RELATIVE_MARKDOWN_LINK, text),
        "body_html": _absolute_links(_RELATIVE_HTML_LINK, render_markdown(text, permalinks=False)),
    }
    if article.hero_image and article.hero_width and article.hero_height:
        card["hero"] = {
            "url": absolute_url(article.hero_image.fallback_url(PICTURE_WIDTH)),
            "alt": article.hero_alt,
            "width": COLUMN_WIDTH,
            "height": round(COLUMN_WIDTH * article.hero_height / article.hero_width),
        }
    return card


class IssueContent:
    """An issue's email, rendered once per sending run; each copy only adds its unsubscribe link.

    Rendering the templates once instead of once per subscriber keeps a large send fast, and
    every subscriber gets the same words.
    """

    def __init__(self, issue, articles=None):
        """`articles` stands in for the issue's announced articles before they are saved."""
        self.issue = issue
        self.subject = issue.subject
        self.body_html = _absolute_links(_RELATIVE_HTML_LINK, issue.body_html)
        self.body_text = _absolute_links(_RELATIVE_MARKDOWN_LINK, issue.body_markdown)
        if articles is None:
            articles = issue.announced_articles()
        self.articles = [_card(article, issue.article_text) for article in articles]
        self._layouts = {}
        personal = self.context(_PERSONAL_LINK)
        self._text = _render("issue.txt", personal)
        self._html = _render("issue.html", personal)

    def context(self, unsubscribe_url=None):
        return {
            "subject": self.subject,
            "body_html": self.body_html,
            "body_text": self.body_text,
            "articles": self.articles,
            "unsubscribe_url": unsubscribe_url,
        }

    def message_for(self, subscriber, *, prepared=True):
        """The subscriber's copy; `prepared` lets it be flattened from the shared layout."""
        url = unsubscribe_url(subscriber)
        message = IssueCopy(
            subject=self.subject,
            body=self._text.replace(_PERSONAL_LINK, url),
            to=[subscriber.email],
            headers=_list_headers(url),
        )
        message.attach_alternative(self._html.replace(_PERSONAL_LINK, url), "text/html")
        message.content = self if prepared else None
        return message

    def copy_for(self, subscriber):
        """The subscriber's copy as the bytes an SMTP server receives (CRLF line ends), or None.

        None when it can't be filled in from the shared layout (see fill_in): then the copy is
        built in full with message_for. This skips the email object altogether, which is most
        of what is left of a copy's cost once the layout is shared.
        """
        return self.fill_in(email.policy.SMTP, subscriber.email, unsubscribe_url(subscriber))

    def fill_in(self, policy, address, url):
        """The shared layout with this copy's address, link, date and Message-ID, or None.

        None when the layout itself isn't sound, or when a value would need quoting, encoding
        or folding in a header: only the full build gets those right.
        """
        data = self._layout(policy)
        if (
            data is None
            or not _PLAIN_ADDRESS.fullmatch(address)
            or not url.isascii()
            or len(url) > 900
        ):
            return None
        tz = timezone.get_current_timezone() if settings.EMAIL_USE_LOCALTIME else UTC
        # The address, the one value a subscriber chose, goes in last, so that nothing in it
        # can be taken for a stand-in.
        return (
            data.replace(_PERSONAL_LINK_BYTES, url.encode())
            .replace(_PERSONAL_MESSAGE_ID_BYTES, message_id().encode())
            .replace(_PERSONAL_DATE_BYTES, email.utils.format_datetime(datetime.now(tz)).encode())
            .replace(_PERSONAL_ADDRESS_BYTES, address.encode())
        )

    def _layout(self, policy):
        """The issue's whole email as bytes with stand-ins for the personal parts, or None.

        Building a MIME message with Python's email package is most of the cost of a send
        (building every copy in full misses the sending budget: BENCHMARKS.md, "Newsletter
        sending"), and every copy of an issue differs only in its address, link, date and
        Message-ID; so it is built once per policy (backends pass the module-level ones) and
        each copy swaps its own values in. That is only sound when every stand-in comes out
        verbatim, exactly where expected (no encoding or folding touched it); otherwise None,
        and each copy is built in full.
        """
        if policy not in self._layouts:
            prototype = SiteEmail(
                subject=self.subject,
                body=self._text,
                to=[_PERSONAL_ADDRESS],
                headers={
                    **_list_headers(_PERSONAL_LINK),
                    "Date": _PERSONAL_DATE,
                    "Message-ID": _PERSONAL_MESSAGE_ID,
                },
            )
            prototype.attach_alternative(self._html, "text/html")
            data = prototype.message(policy=policy).as_bytes()
            expected = {
                _PERSONAL_ADDRESS_BYTES: 1,
                # The header, and wherever the bodies give it.
                _PERSONAL_LINK_BYTES: 1 + (self._text + self._html).count(_PERSONAL_LINK),
                _PERSONAL_MESSAGE_ID_BYTES: 1,
                _PERSONAL_DATE_BYTES: 1,
            }
            sound = all(data.count(stand_in) == count for stand_in, count in expected.items())
            self._layouts[policy] = data if sound else None
        return self._layouts[policy]

    def preview_html(self):
        """The HTML part as every subscriber gets it, but for their personal unsubscribe link."""
        return _render("issue.html", self.context())

    def render_text(self):
        """The plain-text version as the editor previews it."""
        return _render("issue.txt", self.context())

    def test_message(self, address):
        """A copy for the editor's own inbox; it has no personal unsubscribe link to give."""
        return _message(
            "issue", subject=f"[Test] {self.subject}", to=address, context=self.context()
        )
