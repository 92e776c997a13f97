"""Django's Redis cache backend, minus a per-call cost.

Django's client builds a new redis.Redis object for every cache call, and building one (it
fills a table of ~170 response callbacks) takes longer than the network round trip itself.
A redis.Redis object is safe to share, so this keeps one per connection pool.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def incr_or_start(self, key, *, timeout, version=None):
        """Add one to the counter at `key` and return it; a missing counter starts at 1 and
        lives `timeout` seconds from then.

        One round trip, where add() then incr() take three: INCR creates a missing key, and
        EXPIRE with NX gives it a lifetime only if it has none, so later counts never stretch
        it. Both are sent together in a pipeline. (EXPIRE NX needs Redis 7.)
        """
        key = self.make_and_validate_key(key, version=version)
        pipeline = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipeline.incr(key)
        pipeline.expire(key, timeout, nx=True)
        count, _ = pipeline.execute()
        return count
