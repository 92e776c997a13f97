"""Small helpers for the newsletter tests."""

import itertools
import re

from django.utils import timezone

from newsletter.models import Issue, Subscriber

_numbers = itertools.count(1)


def make_subscriber(email=None, *, status=Subscriber.Status.CONFIRMED, **fields):
    number = next(_numbers)
    now = timezone.now()
    if status == Subscriber.Status.CONFIRMED:
        fields.setdefault("confirmed_at", now)
    if status == Subscriber.Status.UNSUBSCRIBED:
        fields.setdefault("unsubscribed_at", now)
    return Subscriber.objects.create(
        email=email or f"reader{number}@example.com", status=status, **fields
    )


def make_issue(*, articles=(), **fields):
    fields.setdefault("subject", f"Issue {next(_numbers)}")
    fields.setdefault("body_markdown", "Hello readers.\n\nSee [the latest](/articles/) today.")
    issue = Issue.objects.create(**fields)
    if articles:
        issue.articles.set(articles)
    return issue


def text_part(message):
    """The plain-text part of a message parsed from the SMTP server."""
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message):
    return message.get_body(preferencelist=("html",)).get_content()


def links_in(text):
    return re.findall(r"https?://[^\s\"<>]+", text)


def path_of(url, site_url):
    assert url.startswith(site_url), url
    return url[len(site_url) :]


def raw_header(message, name):
    """A header exactly as it came over the wire: folded or encoded, if it was."""
    return dict(message.raw_items())[name]
