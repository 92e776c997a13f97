import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Vote
from articles.services import vote_cast
from articles.views import VOTER_COOKIE, postable_article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def vote_url(article):
    return reverse("articles:vote", args=[article.slug])


def counts(article):
    article.refresh_from_db()
    return article.helpful_yes, article.helpful_no


def test_vote_without_javascript_redirects_back_with_thanks(client):
    """A plain form post records the vote and returns to the article with a thank-you."""
    article = make_article()
    response = client.post(vote_url(article), {"helpful": "yes"}, follow=True, **HTML)
    assert response.redirect_chain == [(f"{article.get_absolute_url()}#helpful", 302)]
    content = response.content.decode()
    assert "Thanks for letting us know it helped." in content
    assert "You answered Yes." in content
    assert counts(article) == (1, 0)


def test_vote_with_javascript_answers_json(client):
    """helpful.js gets JSON with the recorded answer and a message to announce."""
    article = make_article()
    response = client.post(vote_url(article), {"helpful": "no"}, **JSON)
    assert response.status_code == 200
    assert response.json() == {
        "helpful": False,
        "message": "Thanks for telling us. If you like, say what was missing.",
    }
    assert counts(article) == (0, 1)


def test_voting_again_changes_the_vote(client):
    """A second answer from the same reader replaces the first; it never adds one."""
    article = make_article()
    client.post(vote_url(article), {"helpful": "yes"}, **JSON)
    client.post(vote_url(article), {"helpful": "no"}, **JSON)
    client.post(vote_url(article), {"helpful": "no"}, **JSON)
    assert Vote.objects.filter(article=article).count() == 1
    assert counts(article) == (0, 1)


def test_voter_id_travels_in_a_signed_cookie(client):
    """The reader's cookie holds a signed random id, stored with the vote."""
    article = make_article()
    response = client.post(vote_url(article), {"helpful": "yes"}, **JSON)
    cookie = response.cookies[VOTER_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    vote = Vote.objects.get(article=article)
    assert cookie.value.startswith(f"{vote.voter_id}:")


def test_tampered_cookie_cannot_vote_as_someone_else(client):
    """A forged voter id is ignored: the request votes as a new reader."""
    article = make_article()
    vote_cast(article=article, voter_id="someone-else", helpful=True)
    client.cookies[VOTER_COOKIE] = "someone-else:forged-signature"
    client.post(vote_url(article), {"helpful": "no"}, **JSON)
    assert Vote.objects.get(voter_id="someone-else").helpful is True
    assert Vote.objects.filter(article=article).count() == 2
    assert counts(article) == (1, 1)


def test_no_can_carry_a_note_for_the_editors(client):
    """A note sent with No is stored; a later No without a note keeps it."""
    article = make_article()
    client.post(vote_url(article), {"helpful": "no", "note": "  Numbers for Europe.  "}, **JSON)
    client.post(vote_url(article), {"helpful": "no", "note": ""}, **JSON)
    assert Vote.objects.get(article=article).note == "Numbers for Europe."


def test_note_sent_with_yes_is_ignored(client):
    """Yes answers carry no note."""
    article = make_article()
    response = client.post(vote_url(article), {"helpful": "yes", "note": "Nothing"}, **JSON)
    assert response.status_code == 200
    assert Vote.objects.get(article=article).note == ""


def test_over_long_note_is_refused_with_a_clear_message(client):
    """A note over 500 characters gets 400 and says why; nothing is recorded."""
    article = make_article()
    response = client.post(vote_url(article), {"helpful": "no", "note": "x" * 501}, **JSON)
    assert response.status_code == 400
    assert "500 characters" in response.json()["error"]
    assert not Vote.objects.exists()


def test_over_long_note_without_javascript_keeps_the_text(client):
    """Without JavaScript the page comes back with the error and the reader's note intact."""
    article = make_article()
    note = "y" * 501
    response = client.post(vote_url(article), {"helpful": "no", "note": note}, **HTML)
    assert response.status_code == 400
    content = response.content.decode()
    assert "500 characters" in content
    assert f">{note}</textarea>" in content
    assert counts(article) == (0, 0)


@pytest.mark.parametrize("data", [{}, {"helpful": ""}, {"helpful": "maybe"}])
def test_missing_or_invalid_choice_is_a_400(client, data):
    """Anything but yes or no is refused with a message, never a server error."""
    article = make_article()
    response = client.post(vote_url(article), data, **JSON)
    assert response.status_code == 400
    assert response.json() == {"error": "Choose Yes or No."}
    page = client.post(vote_url(article), data, **HTML)
    assert page.status_code == 400
    assert "Choose Yes or No." in page.content.decode()


def test_unknown_draft_and_scheduled_articles_are_404(client):
    """Votes only reach articles readers can see."""
    draft = make_article(published=False)
    scheduled = make_article(days_ago=-1)
    for url in (vote_url(draft), vote_url(scheduled), "/articles/no-such-thing/helpful/"):
        assert client.post(url, {"helpful": "yes"}).status_code == 404
    assert not Vote.objects.exists()


def test_votes_reach_exactly_the_articles_readers_can_see():
    """The vote's own article lookup agrees with Article.objects.published() on every status."""
    articles = [
        make_article(),
        make_article(published=False),
        make_article(days_ago=-1),
        make_article(published=False, published_at=None),
    ]
    published = set(Article.objects.published().values_list("pk", flat=True))
    for article in articles:
        try:
            found = postable_article(article.slug)
        except Http404:
            assert article.pk not in published
        else:
            assert article.pk in published
            assert (found.pk, found.slug, found.author_id) == (
                article.pk,
                article.slug,
                article.author_id,
            )
            loaded = {"id", "slug", "author_id"}
            assert (
                found.get_deferred_fields()
                == {field.attname for field in Article._meta.concrete_fields} - loaded
            )


def test_votes_must_be_posted(client):
    """The vote's address takes GET (the reader's answer) and POST, nothing else."""
    assert client.put(vote_url(make_article())).status_code == 405


def test_votes_are_rate_limited(client, settings):
    """Past the limit a visitor gets 429 and a message saying to wait."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": "2/60"}
    article = make_article()
    for _ in range(2):
        assert client.post(vote_url(article), {"helpful": "yes"}, **JSON).status_code == 200
    refused = client.post(vote_url(article), {"helpful": "no"}, **JSON)
    assert refused.status_code == 429
    assert "wait a minute" in refused.json()["error"]
    page = client.post(vote_url(article), {"helpful": "no"}, **HTML)
    assert page.status_code == 429
    assert "wait a minute" in page.content.decode()
    assert counts(article) == (1, 0)


def test_a_vote_over_the_limit_says_when_to_try_again(client, settings):
    """The 429 carries Retry-After, and without JavaScript is a small page keeping the note."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": "1/60"}
    article = make_article(body_markdown="A paragraph only the article page shows.")
    assert client.post(vote_url(article), {"helpful": "yes"}, **JSON).status_code == 200
    refused = client.post(vote_url(article), {"helpful": "no"}, **JSON)
    assert refused["Retry-After"] == "60"
    assert set(refused.json()) == {"error"}
    page = client.post(vote_url(article), {"helpful": "no", "note": "Say more on tax."}, **HTML)
    assert page.status_code == 429
    assert page["Retry-After"] == "60"
    content = page.content.decode()
    assert "wait a minute" in content
    assert "Say more on tax." in content
    assert "A paragraph only the article page shows." not in content


def test_the_reader_asks_for_their_own_answer_as_json(client):
    """helpful.js asks the vote's address by GET; only this reader's answer comes back."""
    article = make_article()
    assert client.get(vote_url(article), **JSON).json() == {"helpful": None}
    client.post(vote_url(article), {"helpful": "no"}, **JSON)
    assert client.cookies["voted"].value == "1"
    answer = client.get(vote_url(article), **JSON)
    assert answer.json() == {"helpful": False}
    assert "no-store" in answer["Cache-Control"]
    assert Client().get(vote_url(article), **JSON).json() == {"helpful": None}


def test_asking_for_the_answer_on_an_unknown_or_unpublished_article_is_404(client):
    """A clear 404 in JSON, and nothing changes."""
    draft = make_article(published=False)
    for url in (reverse("articles:vote", args=["no-such-article"]), vote_url(draft)):
        response = client.get(url, **JSON)
        assert response.status_code == 404
        assert "No published article" in response.json()["error"]
    assert not Vote.objects.exists()


def test_the_page_is_the_same_for_a_voter_and_comes_from_the_cache(client):
    """A voter's page says nothing of their answer, so it is the cached page."""
    article = make_article()
    Client().get(article.get_absolute_url())  # cached by a first-time reader
    client.post(vote_url(article), {"helpful": "no"}, **JSON)
    with CaptureQueriesContext(connection) as queries:
        content = client.get(article.get_absolute_url()).content.decode()
    assert len(queries) == 0
    assert 'aria-pressed="true"' not in content


def test_vote_cast_keeps_counters_in_step_with_votes():
    """Every change of answer moves exactly one count."""
    article = make_article()
    vote_cast(article=article, voter_id="a", helpful=True)
    vote_cast(article=article, voter_id="b", helpful=True)
    vote_cast(article=article, voter_id="a", helpful=False)
    vote_cast(article=article, voter_id="c", helpful=False)
    vote_cast(article=article, voter_id="c", helpful=True)
    assert counts(article) == (2, 1)
    assert Vote.objects.filter(article=article, helpful=True).count() == 2


def test_first_vote_is_stored_whole_and_counted_once():
    """A new reader's vote comes back saved, as stored, and moves one count."""
    article = make_article()
    before = timezone.now()
    vote = vote_cast(article=article, helpful=False, note="  Numbers for Europe.  ")
    assert not vote._state.adding
    stored = Vote.objects.get(pk=vote.pk)
    assert (stored.article_id, stored.voter_id) == (article.pk, vote.voter_id)
    assert (stored.helpful, stored.note) == (False, "Numbers for Europe.")
    assert before <= stored.created_at == vote.created_at <= timezone.now()
    assert stored.updated_at == vote.updated_at
    assert counts(article) == (0, 1)
    again = vote_cast(article=article, voter_id=vote.voter_id, helpful=True)
    assert again.pk == vote.pk
    assert counts(article) == (1, 0)


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
)


@pytest.fixture
def unlimited_votes(settings):
    """Parallel tests vote from one address far faster than any reader would."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": "1000/60"}


def in_parallel(calls):
    """Run each call in its own thread and database connection, all released at once."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait(timeout=10)
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_votes_from_many_readers_are_all_counted(unlimited_votes):
    """Twelve readers voting at once, then all changing their minds at once, stay exact."""
    article = make_article()
    url = vote_url(article)
    # Twelve readers: twelve addresses (one address without the cookie counts once).
    readers = [Client(REMOTE_ADDR=f"192.0.2.{number}") for number in range(1, 13)]
    first = ["yes"] * 7 + ["no"] * 5

    def voter(reader, choice):
        return lambda: reader.post(url, {"helpful": choice}, **JSON).status_code

    assert in_parallel([voter(r, c) for r, c in zip(readers, first, strict=True)]) == [200] * 12
    assert counts(article) == (7, 5)
    flipped = ["no" if choice == "yes" else "yes" for choice in first]
    assert in_parallel([voter(r, c) for r, c in zip(readers, flipped, strict=True)]) == [200] * 12
    assert counts(article) == (5, 7)
    assert Vote.objects.filter(article=article).count() == 12


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_votes_from_one_reader_leave_one_vote(unlimited_votes):
    """The same reader answering in several tabs at once ends with one vote, counted once."""
    article = make_article()
    url = vote_url(article)
    first = Client()
    first.post(url, {"helpful": "yes"}, **JSON)
    tabs = []
    for _ in range(10):
        tab = Client()
        tab.cookies[VOTER_COOKIE] = first.cookies[VOTER_COOKIE].value
        tabs.append(tab)
    choices = ["yes", "no"] * 5
    in_parallel(
        [
            lambda tab=tab, choice=choice: tab.post(url, {"helpful": choice}, **JSON)
            for tab, choice in zip(tabs, choices, strict=True)
        ]
    )
    vote = Vote.objects.get(article=article)
    assert counts(article) == ((1, 0) if vote.helpful else (0, 1))


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_first_votes_from_one_reader_create_one_row():
    """Two first answers from one reader racing to insert end as a single vote."""
    article = make_article()
    in_parallel(
        [
            lambda helpful=helpful: vote_cast(article=article, voter_id="racer", helpful=helpful)
            for helpful in (True, False, True, False, True, False)
        ]
    )
    vote = Vote.objects.get(article=article, voter_id="racer")
    assert counts(article) == ((1, 0) if vote.helpful else (0, 1))
    assert Article.objects.get(pk=article.pk).helpful_votes == 1


def test_dropping_the_voter_cookie_moves_the_counts_once(client):
    """30 cookieless No votes from one visitor: all kept, one counted, the rest marked."""
    article = make_article()
    vote_cast(article=article, voter_id="earlier-reader", helpful=True)
    for _ in range(30):
        client.cookies.clear()
        assert client.post(vote_url(article), {"helpful": "no"}, **JSON).status_code == 200
    assert counts(article) == (1, 1)
    assert Vote.objects.filter(article=article, helpful=False).count() == 30
    assert Vote.objects.filter(article=article, counted=False).count() == 29
    # Another visitor's first vote still counts.
    other = Client(REMOTE_ADDR="198.51.100.7")
    other.post(vote_url(article), {"helpful": "no"}, **JSON)
    assert counts(article) == (1, 2)


def test_voter_cookies_from_other_articles_move_the_counts_once(client):
    """Cookies collected by cookieless votes on one article, spent on another, count once."""
    target, elsewhere = make_article(), make_article()
    cookies = []
    for _ in range(10):
        client.cookies.clear()
        client.post(vote_url(elsewhere), {"helpful": "yes"}, **JSON)
        cookies.append(client.cookies[VOTER_COOKIE].value)
    for cookie in cookies:
        client.cookies.clear()
        client.cookies[VOTER_COOKIE] = cookie
        assert client.post(vote_url(target), {"helpful": "no"}, **JSON).status_code == 200
    assert counts(target) == (0, 1)
    assert Vote.objects.filter(article=target, counted=False).count() == 9


def test_an_uncounted_vote_stays_out_of_the_counts_when_changed(client):
    """Changing an uncounted vote (now with its cookie) moves nothing."""
    article = make_article()
    client.post(vote_url(article), {"helpful": "yes"}, **JSON)
    client.cookies.clear()
    client.post(vote_url(article), {"helpful": "yes"}, **JSON)  # uncounted, cookie set again
    client.post(vote_url(article), {"helpful": "no"}, **JSON)
    assert counts(article) == (1, 0)
    assert Vote.objects.get(counted=False).helpful is False


def test_the_admin_says_which_votes_were_not_counted(admin_client):
    """Editors can list the votes left out of the counts."""
    article = make_article()
    vote_cast(article=article, helpful=True)
    vote_cast(article=article, helpful=False, note="Repeated", first_counts=lambda: False)
    response = admin_client.get(reverse("admin:articles_vote_changelist"), {"counted__exact": "0"})
    assert [vote.note for vote in response.context["cl"].result_list] == ["Repeated"]
