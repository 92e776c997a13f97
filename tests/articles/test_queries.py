"""Query budgets: each reader page costs a small, fixed number of SQL queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.services import vote_cast
from articles.views import VOTER_COOKIE
from tests.factories import make_article, make_author, make_tag

pytestmark = pytest.mark.django_db

BUDGET = 8


@pytest.fixture(autouse=True)
def cold_cache(settings):
    """Budgets hold on a cold cache: with caching off, every request renders the page."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def grow(tag, *, articles):
    """More articles, tags and votes: none of it may cost another query."""
    author = make_author()
    for n in range(articles):
        extra = [make_tag() for _ in range(2)]
        article = make_article(author=author, tags=[tag, *extra], days_ago=n + 1)
        for voter in range(2):
            vote_cast(article=article, voter_id=f"v{n}-{voter}", helpful=voter % 2 == 0)


@pytest.fixture
def site():
    """A small site: one tag, a handful of articles with tags and votes."""
    tag = make_tag()
    grow(tag, articles=3)
    article = make_article(tags=[tag, make_tag()], days_ago=0)
    return tag, article


def urls_for(tag, article):
    return {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": article.author.get_absolute_url(),
        "feed": reverse("articles:feed"),
        "atom feed": reverse("articles:atom_feed"),
        "tag feed": reverse("articles:tag_feed", args=[tag.slug]),
        "search": reverse("articles:search") + "?q=article",
        "sitemap": reverse("sitemap"),
    }


@pytest.mark.parametrize(
    "page",
    ["home", "article", "tag", "author", "feed", "atom feed", "tag feed", "search", "sitemap"],
)
def test_page_query_count_is_small_and_fixed(client, site, page):
    """Within budget on a cold cache, and the same with many more articles, tags and votes."""
    tag, article = site
    url = urls_for(tag, article)[page]
    before = queries_for(client, url)
    grow(tag, articles=12)
    for voter in range(10):
        vote_cast(article=article, voter_id=f"reader-{voter}", helpful=True)
    article.tags.add(*[make_tag() for _ in range(5)])
    after = queries_for(client, url)
    assert before <= BUDGET
    assert after == before


def test_returning_voter_costs_what_anyone_costs(client, site):
    """The page no longer looks up the reader's own answer: helpful.js asks for it."""
    tag, article = site
    anonymous = queries_for(client, article.get_absolute_url())
    client.post(reverse("articles:vote", args=[article.slug]), {"helpful": "yes"})
    assert VOTER_COOKIE in client.cookies
    client.get("/")  # reads the flash message, whose cookie would keep the page uncached
    returning = queries_for(client, article.get_absolute_url())
    assert returning <= anonymous <= BUDGET


def test_first_vote_costs_three_queries(client, site):
    """A new reader's vote: find the article, record the vote, move its count."""
    _, article = site
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("articles:vote", args=[article.slug]), {"helpful": "yes"})
    assert response.status_code == 302
    # The test's own transaction turns the vote's into a savepoint; production has none.
    assert len([q for q in queries if "SAVEPOINT" not in q["sql"]]) == 3
