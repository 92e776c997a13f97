"""An article's title and standfirst never become markup that runs, wherever they are shown.

Every line of the public XSS corpus is used, whole, rendered in process with many payloads
per page so that the run stays short.
"""

import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from articles import feeds
from articles.models import Article
from articles.views import HomeView, render_article_page
from tests.factories import make_article, make_author
from tests.xss import batches, dangers, payloads

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture
def reader_request():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def test_every_payload_as_title_and_standfirst_is_inert_on_the_article_page(reader_request):
    """<title>, meta and Open Graph tags, the heading and JSON-LD hold no runnable markup."""
    article = make_article()
    for batch in batches(payloads(), 100):
        article.title = article.dek = "\n".join(batch)
        article.meta_description = ""
        html = render_article_page(reader_request, article).render().content.decode()
        assert dangers(html) == []
        # The data block holds together: it parses, and says exactly what the editor typed.
        (block,) = JSON_LD.findall(html)
        data = json.loads(block)
        assert (data["headline"], data["description"]) == (article.title, article.dek)


def test_every_payload_as_title_and_standfirst_is_inert_on_the_home_page_and_feeds(
    reader_request,
):
    """The home page's cards and both feeds, a hundred articles at a time, each payload whole."""
    author = make_author()
    made = [make_article(author=author).pk for _ in range(100)]
    # Loaded once, as the views load them, so that each page costs its rendering only.
    articles = list(
        Article.objects.filter(pk__in=made).select_related("author").prefetch_related("tags")
    )

    def listed(feed_class):
        # The real feed, listing the articles the test fills in.
        return type("Listed", (feed_class,), {"items": lambda self: articles})()

    home = HomeView(paginate_by=None)
    home.setup(reader_request)
    feeds_ = [listed(feeds.LatestArticlesFeed), listed(feeds.LatestArticlesAtomFeed)]
    for batch in batches(payloads(), 100):
        for article, payload in zip(articles, batch, strict=False):
            article.title = article.dek = payload
        home.object_list = articles[: len(batch)]
        pages = [home.render_to_response(home.get_context_data()).render()]
        pages += [feed(reader_request) for feed in feeds_]
        for page in pages:
            assert dangers(page.content.decode()) == []
