import time

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import BlockListEntry, Comment
from comments.tokens import form_started_token
from tests.factories import comment_form_data, make_article, make_comment, posted_from

pytestmark = pytest.mark.django_db


def post(client, article, **fields):
    return client.post(reverse("comments:post", args=[article.slug]), comment_form_data(**fields))


def test_honeypot_marks_the_comment_as_spam_without_telling(client):
    """A filled honeypot saves the comment as spam; the answer looks like any held comment."""
    article = make_article()
    response = post(client, article, website="http://cheap.example.com")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert comment.held_reason == "Filled in the hidden honeypot field."


def test_form_sent_too_fast_is_refused_with_everything_kept(client):
    """A form sent within three seconds of being shown is refused, the text kept."""
    article = make_article()
    response = post(client, article, started=form_started_token(), body="Quick words")
    content = response.content.decode()
    assert response.status_code == 400
    assert "That was very quick." in content
    assert "Quick words</textarea>" in content
    assert not Comment.objects.exists()


def test_refused_too_fast_form_keeps_its_first_timestamp(client):
    """After "too quick" the form carries its original time, so sending again soon works."""
    article = make_article()
    token = form_started_token(at=time.time() - 1)
    content = post(client, article, started=token).content.decode()
    assert f'name="started" value="{token}"' in content


def test_form_older_than_a_day_is_refused_and_renewed(client):
    """A form shown more than a day ago is refused with a fresh timestamp to send again."""
    article = make_article()
    old = form_started_token(at=time.time() - 2 * 24 * 3600)
    response = post(client, article, started=old)
    content = response.content.decode()
    assert response.status_code == 400
    assert "open for more than a day" in content
    assert 'name="started" value="' in content and old not in content
    assert not Comment.objects.exists()


@pytest.mark.parametrize("started", ["", "garbage", "eyJhdCI6MX0:1abc:forged"])
def test_tampered_or_missing_timestamp_is_refused(client, started):
    """A missing, malformed or forged form timestamp is refused with a clear message."""
    response = post(client, make_article(), started=started)
    assert response.status_code == 400
    content = response.content.decode()
    assert "We couldn&#x27;t verify this form. Please send your comment again." in content
    assert not Comment.objects.exists()


def test_timestamp_signed_for_another_purpose_is_refused(client):
    """A value signed with another salt (say, a stop link) is no form timestamp."""
    forged = signing.dumps({"at": time.time() - 60}, salt="comments.stop-reply-emails")
    assert post(client, make_article(), started=forged).status_code == 400


def test_two_links_hold_even_a_returning_commenter(client, settings):
    """Two or more links hold a comment from an address that is otherwise trusted."""
    settings.COMMENTS_AUTO_APPROVE_RETURNING = True
    posted_from(client, make_comment(email="ada.reader@example.net"))
    post(client, make_article(), body="Try https://one.example.com and https://two.example.org")
    held = Comment.objects.get(link_count=2)
    assert held.status == Comment.Status.PENDING
    assert held.held_reason == "Has 2 links."


def test_duplicate_of_a_recent_comment_is_refused(client):
    """Sending the same text again (double click, or a bot) is refused with an explanation."""
    article = make_article()
    assert post(client, article).status_code == 302
    again = post(client, article)
    assert again.status_code == 400
    assert "You&#x27;ve already sent this comment." in again.content.decode()
    assert Comment.objects.count() == 1


def test_duplicate_from_the_same_visitor_under_another_address_is_refused(client):
    """Changing the email does not get the same text through twice from one visitor."""
    article = make_article()
    post(client, article)
    assert post(client, article, email="other@example.net").status_code == 400
    assert Comment.objects.count() == 1


def test_same_short_text_from_different_people_is_fine(client):
    """Two different readers may both write "Thank you!"."""
    article = make_article()
    post(client, article, body="Thank you!")
    other = client.post(
        reverse("comments:post", args=[article.slug]),
        comment_form_data(body="Thank you!", email="b@example.net"),
        REMOTE_ADDR="10.0.0.2",
    )
    assert other.status_code == 302
    assert Comment.objects.count() == 2


def test_rate_limit_answers_429_and_keeps_the_text(client, settings):
    """Past the per-visitor limit the reader gets 429, a clear message and their text back."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": "2/600"}
    article = make_article()
    for n in range(2):
        assert post(client, article, body=f"Comment {n}").status_code == 302
    response = post(client, article, body="The third one")
    content = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "You&#x27;ve sent several comments in the last few minutes." in content
    assert "The third one</textarea>" in content
    assert Comment.objects.count() == 2


def test_the_429_is_the_form_alone_without_the_article(client, settings):
    """Over the limit only the form comes back: no article body, no comments, few queries."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": "1/600"}
    article = make_article(body_markdown="A long body about pay rates. " * 400)
    post(client, article, body="First")
    with CaptureQueriesContext(connection) as queries:
        response = post(client, article, body="Second, too soon", name="Ada Reader")
    content = response.content.decode()
    assert response.status_code == 429
    assert "A long body about pay rates." not in content
    assert "Commenter" not in content and "First" not in content
    assert 'value="Ada Reader"' in content
    assert "Second, too soon</textarea>" in content
    assert f'action="{reverse("comments:post", args=[article.slug])}#comment-form"' in content
    assert len(content) < 20_000
    assert len(queries) <= 3


def test_default_rate_limit_is_five_per_ten_minutes(client):
    """Without configuration a visitor may post five comments in ten minutes, not six."""
    article = make_article()
    statuses = [post(client, article, body=f"Comment {n}").status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]


@pytest.mark.parametrize(
    ("kind", "value", "fields"),
    [
        ("address", "pest@example.net", {"email": "Pest@Example.net"}),
        ("domain", "spam.example", {"email": "x@mail.spam.example"}),
        ("domain", "pills.example.com", {"body": "Buy at https://pills.example.com/now"}),
        ("word", "casino", {"body": "Best Casino in town"}),
        ("word", "casino", {"name": "Casino King"}),
    ],
)
def test_block_list_sends_a_comment_straight_to_spam(client, settings, kind, value, fields):
    """An address, domain (email or link) or word on the block list makes the comment spam."""
    settings.COMMENTS_AUTO_APPROVE_RETURNING = True
    # Trusted otherwise: this browser posted an approved comment with the address.
    posted_from(client, make_comment(email=fields.get("email", "ada.reader@example.net").lower()))
    BlockListEntry.objects.create(kind=kind, value=value)
    assert post(client, make_article(), **fields).status_code == 302
    comment = Comment.objects.get(name=fields.get("name", "Ada Reader"))
    assert comment.status == Comment.Status.SPAM
    assert comment.held_reason.startswith("Block list:")


def test_ip_address_is_stored_only_as_a_keyed_hash(client):
    """The visitor's IP address never reaches the database, only a keyed hash of it."""
    address = "203.0.113.77"
    client.post(
        reverse("comments:post", args=[make_article().slug]),
        comment_form_data(),
        REMOTE_ADDR=address,
    )
    comment = Comment.objects.get()
    assert len(comment.ip_hash) == 64 and address not in comment.ip_hash
    stored = Comment.objects.filter(pk=comment.pk).values_list().get()
    assert not any(address in str(value) for value in stored)
