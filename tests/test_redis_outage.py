"""A Redis of the test's own, stopped and started again: readers' pages carry on uncached,
posts that need a shared rate limit answer 503, and the outage is logged once."""

import logging
import shutil

import pytest
import redis
from django.urls import reverse

from articles.models import Vote
from breakingeven import cache as site_cache
from comments.models import Comment
from newsletter.models import Subscriber
from tests.factories import comment_form_data, make_article
from tests.redis_server import RedisProcess
from tests.servers import SilentServer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


def use_redis(settings, url):
    settings.CACHES = {
        "default": {
            "BACKEND": "breakingeven.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def own_redis(settings):
    server = RedisProcess().start()
    use_redis(settings, server.url)
    yield server
    server.stop()


def outage_logs(caplog):
    return [r for r in caplog.records if r.name == "breakingeven.cache"]


def assert_back_soon(response):
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert "back soon" in response.content.decode()


def test_readers_pages_are_served_uncached_while_redis_is_stopped(client, own_redis, caplog):
    """Readers' pages and the downloads answer 200 with Redis stopped; the outage is logged
    once, not per page."""
    article = make_article(title="Pay rates in 2026")
    assert client.get(article.get_absolute_url()).status_code == 200  # cached while Redis runs
    own_redis.stop()
    caplog.set_level(logging.WARNING, logger="breakingeven.cache")
    for _ in range(3):
        for path in ("/", article.get_absolute_url()):
            response = client.get(path)
            assert response.status_code == 200, path
            assert "Pay rates in 2026" in response.content.decode()
        # What keeps its costly part in the cache rather than the whole page.
        for path in ("/pay/?currency=USD", "/platforms/data.csv", "/platforms/data.json"):
            assert client.get(path).status_code == 200, path
        assert article.get_absolute_url() in client.get("/sitemap.xml").content.decode()
    assert [r.levelname for r in outage_logs(caplog)] == ["ERROR"]
    assert "Redis unavailable" in outage_logs(caplog)[0].getMessage()


def test_posts_behind_a_shared_limit_answer_503_and_store_nothing(client, own_redis):
    """A comment, a vote and a signup are refused with 503 rather than go unlimited."""
    article = make_article()
    own_redis.stop()
    assert_back_soon(
        client.post(reverse("comments:post", args=[article.slug]), comment_form_data())
    )
    assert_back_soon(client.post(reverse("articles:vote", args=[article.slug]), {"helpful": "yes"}))
    assert_back_soon(client.post(reverse("newsletter:signup"), {"email": "ada@example.net"}))
    assert not Comment.objects.exists()
    assert not Vote.objects.exists()
    assert not Subscriber.objects.exists()


def test_the_site_uses_redis_again_once_it_is_back(client, own_redis, caplog, monkeypatch):
    """After a restart the next call reaches Redis again, logs that it did, and limits count."""
    monkeypatch.setattr(site_cache, "RETRY_SECONDS", 0)
    article = make_article()
    own_redis.stop()
    caplog.set_level(logging.WARNING, logger="breakingeven.cache")
    assert client.get("/").status_code == 200
    own_redis.start()
    assert client.get("/").status_code == 200
    assert [r.getMessage() for r in outage_logs(caplog)][-1] == "Redis available again"
    response = client.post(reverse("comments:post", args=[article.slug]), comment_form_data())
    assert response.status_code == 302
    assert Comment.objects.count() == 1
    assert redis.Redis.from_url(own_redis.url).keys("*ratelimit:comment:*")


def test_a_redis_that_never_answers_degrades_like_a_stopped_one(client, settings):
    """A Redis that accepts connections and never replies: pages 200, posts 503."""
    silent = SilentServer()
    try:
        use_redis(settings, f"redis://127.0.0.1:{silent.port}/0")
        article = make_article()
        assert client.get(article.get_absolute_url()).status_code == 200
        assert_back_soon(
            client.post(reverse("articles:vote", args=[article.slug]), {"helpful": "yes"})
        )
    finally:
        silent.close()
