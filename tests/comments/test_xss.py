"""Reader-supplied names and text never become markup that runs: checked with public XSS corpora."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from comments.models import Comment
from comments.text import render_comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CORPUS = Path(settings.BASE_DIR).parent / "shared" / "security" / "xss-payloads.txt"
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


@pytest.fixture(scope="module")
def rendered():
    """The corpus as comment texts of 150 payloads each, with the HTML each renders to."""
    if not CORPUS.exists():
        pytest.skip(f"The shared XSS corpus is not at {CORPUS}.")
    payloads = [line for line in CORPUS.read_text(errors="replace").splitlines() if line.strip()]
    texts = ["\n\n".join(payloads[i : i + 150]) for i in range(0, len(payloads), 150)]
    return [(text, render_comment(text)) for text in texts]


class Elements(HTMLParser):
    """Every start tag in a document, with its attributes."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def dangers(html):
    """Markup that would run script, load a frame, or carry a handler or an unsafe URL."""
    found = []
    for tag, attrs in Elements(html).found:
        if tag in {"iframe", "frame", "object", "embed", "base", "style", "svg", "math"}:
            found.append(tag)
        # JSON-LD is a data block the browser never runs; anything breaking out of it would
        # show up here as markup of its own.
        is_data = tag == "script" and attrs.get("type") == "application/ld+json"
        if tag == "script" and not is_data and not (attrs.get("src") or "").startswith("/static/"):
            found.append("inline script")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                found.append(f"{tag} {name}")
            unsafe = (value or "").strip().lower().startswith(UNSAFE_SCHEMES)
            if unsafe and name in {"href", "src", "action", "formaction", "xlink:href"}:
                found.append(f"{tag} {name}={value}")
    return found


def test_every_payload_renders_as_text_and_plain_links(rendered):
    """Each payload becomes paragraphs, line breaks and http(s) links with rel only."""
    for text, html in rendered:
        for tag, attrs in Elements(html).found:
            assert tag in {"p", "br", "a"}, (tag, text)
            if tag == "a":
                assert set(attrs) == {"href", "rel"}, (attrs, text)
                assert attrs["href"].startswith(("http://", "https://")), (attrs, text)
                assert attrs["rel"] == "nofollow ugc noopener"


def test_payloads_as_names_and_text_stay_inert_on_every_page(client, rendered):
    """Article page, thread box and /discussions/ carry no runnable markup from comments."""
    article = make_article()
    Comment.objects.bulk_create(
        Comment(
            article=article,
            # A payload with markup in it as the name, where one exists.
            name=next((line for line in text.splitlines() if "<" in line), text)[:80],
            email="x@example.net",
            body=text,
            body_html=html,
            status=Comment.Status.APPROVED,
        )
        for text, html in rendered
    )
    for url in [
        article.get_absolute_url(),
        reverse("comments:latest_threads"),
        reverse("comments:discussions"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert dangers(response.content.decode()) == [], url
