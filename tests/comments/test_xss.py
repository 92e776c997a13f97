"""Reader-supplied names and text never become markup that runs: checked with public XSS corpora."""

import pytest
from django.urls import reverse

from comments.models import NAME_MAX_LENGTH, Comment
from comments.section import COMMENTS_PER_PAGE
from comments.text import render_comment
from tests.factories import make_article
from tests.xss import Elements, batches, dangers, payloads

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def rendered():
    """The corpus as comment texts of 150 payloads each, with the HTML each renders to."""
    texts = ["\n\n".join(batch) for batch in batches(payloads(), 150)]
    return [(text, render_comment(text)) for text in texts]


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


def test_every_payload_as_a_commenter_name_stays_inert(client):
    """Each payload, cut to the name field's length, shown as a commenter's name is only text."""
    names = [payload[:NAME_MAX_LENGTH] for payload in payloads()]
    for batch in batches(names, COMMENTS_PER_PAGE):
        article = make_article()
        Comment.objects.bulk_create(
            Comment(
                article=article,
                name=name,
                email="x@example.net",
                body="Text",
                body_html="<p>Text</p>",
                status=Comment.Status.APPROVED,
            )
            for name in batch
        )
        content = client.get(article.get_absolute_url()).content.decode()
        assert content.count('class="comment"') == len(batch)
        assert dangers(content) == [], batch
