import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

from breakingeven.cache import RedisCache

PROJECT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/15"
PRINT_BACKEND = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"


@pytest.fixture
def redis_cache():
    """The site's Redis backend on the machine's Redis, under a prefix of this test's own."""
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    backend.delete_many(["a", "b", "count"])


def test_redis_backend_behaves_like_djangos(redis_cache):
    """Values, counters and multi-key reads go through Redis as with Django's own backend."""
    redis_cache.set("a", {"content": b"page"})
    redis_cache.set("count", 1)
    assert redis_cache.incr("count") == 2
    assert redis_cache.get_many(["a", "b"]) == {"a": {"content": b"page"}}


def test_redis_client_is_built_once(redis_cache):
    """Calls share one client per connection pool instead of building one each time."""
    client = redis_cache._cache.get_client()
    redis_cache.get("a")
    assert redis_cache._cache.get_client() is client


def test_redis_cache_url_selects_the_reusing_backend():
    """CACHE_URL=redis://... configures this backend rather than Django's."""
    result = subprocess.run(  # noqa: S603 (a fixed command)
        [sys.executable, "manage.py", "shell", "--verbosity=0", "-c", PRINT_BACKEND],
        cwd=PROJECT,
        env={**os.environ, "CACHE_URL": REDIS_URL, "SECRET_KEY": "x"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "breakingeven.cache.RedisCache"
