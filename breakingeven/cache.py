"""Django's Redis cache backend, minus a per-call cost, and degrading when Redis is away.

Django's client builds a new redis.Redis object for every cache call, and building one (it
fills a table of ~170 response callbacks) takes longer than the network round trip itself.
A redis.Redis object is safe to share, so this keeps one per connection pool.

When Redis cannot be reached (or refuses a write), the cache acts as Django's DummyCache, so
pages are served uncached. Counters raise CacheUnavailable instead: a rate limit that
cannot count must refuse (503) rather than let everything through.
"""

import functools
import logging
import time

import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)


class CacheUnavailable(Exception):
    """The shared cache could not count: what depends on the count cannot go ahead."""


# While Redis is away, calls skip it and one call tries again after this many seconds, so a
# Redis that accepts connections but never answers costs a request no more than one timeout.
RETRY_SECONDS = 5


def _degrading(fallback):
    """A cache call that returns `fallback(*args)` while Redis is away instead of raising."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return self.reaching_redis(method, self, *args, **kwargs)
            except CacheUnavailable:
                return fallback(*args)

        return wrapper

    return decorator


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self.retry_at = 0  # while Redis is away: when to try it again

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def reaching_redis(self, call, *args, **kwargs):
        """Run a call to Redis, raising CacheUnavailable while it is away.

        The outage is logged when it starts and when it ends, not once per request.
        """
        if self.retry_at and time.monotonic() < self.retry_at:
            raise CacheUnavailable("Redis is unavailable")
        try:
            result = call(*args, **kwargs)
        except redis.RedisError as error:
            if not self.retry_at:
                logger.error("Redis unavailable, serving pages uncached: %s", error)
            self.retry_at = time.monotonic() + RETRY_SECONDS
            raise CacheUnavailable(str(error)) from error
        if self.retry_at:
            self.retry_at = 0
            logger.warning("Redis available again")
        return result

    # While Redis is away the cache answers as Django's DummyCache does: reads miss, writes
    # are dropped, add() succeeds (a queued editors' notice still goes out).
    add = _degrading(lambda *args: True)(RedisCacheClient.add)
    get = _degrading(lambda key, default: default)(RedisCacheClient.get)
    set = _degrading(lambda *args: None)(RedisCacheClient.set)
    touch = _degrading(lambda *args: False)(RedisCacheClient.touch)
    delete = _degrading(lambda *args: False)(RedisCacheClient.delete)
    get_many = _degrading(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _degrading(lambda *args: False)(RedisCacheClient.has_key)
    set_many = _degrading(lambda *args: [])(RedisCacheClient.set_many)
    delete_many = _degrading(lambda *args: None)(RedisCacheClient.delete_many)
    clear = _degrading(lambda: None)(RedisCacheClient.clear)

    def incr(self, key, delta):
        return self.reaching_redis(super().incr, key, delta)


# Runs inside Redis, so nothing comes between the count and its lifetime. A counter with no
# lifetime (TTL -1) was just created by INCR; any other keeps the one its first count gave it.
# Works on any Redis with scripting, unlike EXPIRE's NX option (Redis 7).
INCR_OR_START = """
local count = redis.call("INCR", KEYS[1])
if redis.call("TTL", KEYS[1]) == -1 then
    redis.call("EXPIRE", KEYS[1], ARGV[1])
end
return count
"""


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._incr_or_start = None  # INCR_OR_START, registered on first use

    def incr_or_start(self, key, *, timeout, version=None):
        """Add one to the counter at `key` and return it; a missing counter starts at 1 and
        lives `timeout` seconds from then.

        One round trip, where add() then incr() take three. Later counts never stretch the
        lifetime. The script goes by its SHA-1 digest; redis-py sends it again if Redis has
        forgotten it (after a restart).
        """
        key = self.make_and_validate_key(key, version=version)
        client = self._cache.get_client(key, write=True)
        if self._incr_or_start is None:
            self._incr_or_start = client.register_script(INCR_OR_START)
        return self._cache.reaching_redis(
            self._incr_or_start, keys=[key], args=[timeout], client=client
        )
