"""A commenter's email address never reaches a public response, in any form."""

import hashlib
import itertools
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.urls.exceptions import NoReverseMatch

from comments.tokens import stop_reply_emails_token
from tests.factories import comment_form_data, make_article, make_author, make_comment, make_tag

pytestmark = pytest.mark.django_db

SECRET_EMAILS = [
    "Qz7-Private.Local@Privacy-Example.net",
    "reply-qz8-hidden@privacy-example.org",
    "pending-qz9-held@privacy-example.com",
    "spam-qz6-blocked@privacy-example.com",
]


def forms_of(email):
    """Every way an address could leak: as typed, lower-case, encoded, its local part, hashes."""
    lower = email.strip().lower()
    local = lower.split("@")[0]
    hashes = [
        hashlib.new(name, value.encode()).hexdigest()
        for name in ("md5", "sha1", "sha256")
        for value in (email, lower)
    ]
    return {email, lower, quote(lower), quote(lower, safe=""), local, *hashes}


def public_patterns(patterns=None, namespace=""):
    """Every URL pattern outside the admin, with its namespaced name."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from public_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern, ":".join(filter(None, [namespace, pattern.name]))


def public_urls(*, slugs, numbers, tokens):
    """Each public pattern filled with every plausible value: real slugs, ids and tokens."""
    for pattern, name in public_patterns():
        converters = getattr(pattern.pattern, "converters", {})
        choices = [
            numbers if isinstance(converter, IntConverter) else [*slugs, *tokens]
            for converter in converters.values()
        ]
        for values in itertools.product(*choices):
            try:
                yield reverse(name, kwargs=dict(zip(converters, values, strict=True)))
            except NoReverseMatch:
                continue


@pytest.fixture
def site_with_comments():
    tag = make_tag()
    author = make_author()
    article = make_article(author=author, tags=[tag])
    top = make_comment(article, email=SECRET_EMAILS[0].lower(), notify_on_reply=True)
    reply = make_comment(parent=top, email=SECRET_EMAILS[1])
    make_comment(article, email=SECRET_EMAILS[2], status="pending")
    make_comment(article, email=SECRET_EMAILS[3], status="spam")
    return {
        "slugs": [article.slug, tag.slug, author.slug],
        "numbers": [top.pk, reply.pk, article.pk],
        "tokens": [stop_reply_emails_token(top)],
        "article": article,
        "top": top,
    }


def test_no_public_response_contains_a_commenters_email(site_with_comments):
    """Home, article, tag, author, discussions, threads, feeds, 404... never show an email."""
    client = Client(raise_request_exception=False)
    article, top = site_with_comments["article"], site_with_comments["top"]
    urls = {
        *public_urls(
            slugs=site_with_comments["slugs"],
            numbers=site_with_comments["numbers"],
            tokens=site_with_comments["tokens"],
        ),
        f"{article.get_absolute_url()}?reply_to={top.pk}",
        f"{article.get_absolute_url()}?comments=2",
        "/no-such-page/",
    }
    responses = {url: client.get(url, follow=True) for url in sorted(urls)}
    # Another reader's form with errors shows only what that reader typed.
    post_url = reverse("comments:post", args=[article.slug])
    responses["POST with errors"] = client.post(post_url, comment_form_data(email="bad"))
    forbidden = set().union(*(forms_of(email) for email in SECRET_EMAILS))
    for url, response in responses.items():
        text = (response.content.decode(errors="replace") + str(response.headers)).lower()
        leaked = sorted(form for form in forbidden if form.lower() in text)
        assert not leaked, f"{url} shows {leaked}"
    scanned = set(responses)
    for expected in [
        reverse("articles:home"),
        article.get_absolute_url(),
        reverse("comments:discussions"),
        reverse("comments:latest_threads"),
        top.get_absolute_url(),
        "/no-such-page/",
    ]:
        assert expected in scanned
    assert responses["/no-such-page/"].status_code == 404


def test_the_scan_would_catch_a_leak(site_with_comments):
    """The scan's check finds an address that is on a page, so its silence means something."""
    article = site_with_comments["article"]
    client = Client()
    staff = get_user_model().objects.create_user("staffer", email=SECRET_EMAILS[0], is_staff=True)
    client.force_login(staff)
    # A signed-in editor's own address pre-fills their form: visible to them alone.
    text = client.get(article.get_absolute_url()).content.decode().lower()
    assert any(form.lower() in text for form in forms_of(SECRET_EMAILS[0]))
