"""The newsletter's emails, built from templates/newsletter/email/ with absolute links only."""

import email.policy
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from . import tokens

# Editors may write site-relative links in an issue's Markdown; in an inbox they must be absolute.
_RELATIVE_HTML_LINK = re.compile(r'(\s(?:href|src)=")/(?!/)')
_RELATIVE_MARKDOWN_LINK = re.compile(r"(\]\()/(?!/)")


def _absolute_links(pattern, text):
    return pattern.sub(lambda match: f"{match.group(1)}{settings.SITE_URL}/", text)


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


def confirm_url(subscriber):
    return absolute_url(reverse("newsletter:confirm", args=[tokens.confirm_token(subscriber)]))


def unsubscribe_url(subscriber):
    return absolute_url(
        reverse("newsletter:unsubscribe", args=[tokens.unsubscribe_token(subscriber)])
    )


class NewsletterEmail(EmailMultiAlternatives):
    """An email whose header lines are only broken where RFC 5322 requires it (998 characters).

    At the usual 78, Python's email package cannot fold a long List-Unsubscribe URL at a space,
    so it rewrites it as RFC 2047 encoded words, which mail providers do not decode in that
    header: the one-click unsubscribe would silently stop working.
    """

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def _render(template, context):
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    return render_to_string(f"newsletter/email/{template}", context)


def _message(template, *, subject, to, context, headers=None):
    message = NewsletterEmail(
        subject=subject, body=_render(f"{template}.txt", context), to=[to], headers=headers
    )
    message.attach_alternative(_render(f"{template}.html", context), "text/html")
    return message


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


class IssueContent:
    """An issue's email, rendered once per sending run; each copy only adds its unsubscribe link.

    Rendering the templates once instead of once per subscriber keeps a large send fast, and
    every subscriber gets the same words.
    """

    # Stands in for each subscriber's link; nothing in the templates escapes or contains it.
    PERSONAL_LINK = "NEWSLETTER-PERSONAL-UNSUBSCRIBE-LINK"

    def __init__(self, issue):
        self.issue = issue
        self.subject = issue.subject
        self.body_html = _absolute_links(_RELATIVE_HTML_LINK, issue.body_html)
        self.body_text = _absolute_links(_RELATIVE_MARKDOWN_LINK, issue.body_markdown)
        self.articles = [
            {"title": a.title, "dek": a.dek, "url": absolute_url(a.get_absolute_url())}
            for a in issue.announced_articles()
        ]
        personal = self.context(self.PERSONAL_LINK)
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

    def message_for(self, subscriber):
        url = unsubscribe_url(subscriber)
        message = NewsletterEmail(
            subject=self.subject,
            body=self._text.replace(self.PERSONAL_LINK, url),
            to=[subscriber.email],
            headers=_list_headers(url),
        )
        message.attach_alternative(self._html.replace(self.PERSONAL_LINK, url), "text/html")
        return message

    def render_text(self):
        """The plain-text version as the editor previews it."""
        return _render("issue.txt", self.context())

    def test_message(self, address):
        """A copy for the editor's own inbox; it has no personal unsubscribe link to give."""
        return _message(
            "issue", subject=f"[Test] {self.subject}", to=address, context=self.context()
        )
