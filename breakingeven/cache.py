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
        return self._incr_or_start(keys=[key], args=[timeout], client=client)
