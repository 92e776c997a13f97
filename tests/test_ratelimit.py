import shutil
import time
import uuid
from contextlib import ExitStack

import pytest
import redis
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from breakingeven import ratelimit
from tests.redis_server import RedisProcess


def request_from(address, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return RequestFactory().get("/", REMOTE_ADDR=address, headers=headers)


def test_forgive_takes_back_one_hit():
    """A forgiven hit no longer counts towards the limit; other identities are untouched."""
    assert ratelimit.hit("login", "someone", rate="2/60")
    assert ratelimit.hit("login", "someone", rate="2/60")
    ratelimit.forgive("login", "someone", rate="2/60")
    assert ratelimit.hit("login", "someone", rate="2/60")
    assert not ratelimit.hit("login", "someone", rate="2/60")
    ratelimit.forgive("login", "nobody-yet", rate="2/60")  # nothing to take back: no error
    assert ratelimit.hit("login", "nobody-yet", rate="2/60")


def test_visitor_is_the_connecting_address_without_proxies(settings):
    """With no proxy configured, a forged X-Forwarded-For cannot change who the visitor is."""
    settings.TRUSTED_PROXY_COUNT = 0
    request = request_from("203.0.113.9", forwarded_for="198.51.100.1")
    assert ratelimit.client_ip(request) == "203.0.113.9"


def test_visitor_is_read_past_the_trusted_proxies(settings):
    """Behind one load balancer, the visitor is the address it saw, not one it was sent."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.0/24"]
    forged_then_real = "198.51.100.1, 203.0.113.9"
    request = request_from("10.0.0.2", forwarded_for=forged_then_real)
    assert ratelimit.client_ip(request) == "203.0.113.9"
    assert ratelimit.visitor_hash(request) == ratelimit.visitor_hash(
        request_from("10.0.0.3", forwarded_for="203.0.113.9")
    )


def test_forwarded_for_is_ignored_unless_the_connection_is_from_a_proxy(settings):
    """A client connecting directly cannot name itself a new visitor with X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.2"]
    for forged in ("198.51.100.1", "198.51.100.2", "not an address"):
        assert ratelimit.client_ip(request_from("203.0.113.9", forwarded_for=forged)) == (
            "203.0.113.9"
        )
    assert ratelimit.client_ip(request_from("10.0.0.2", forwarded_for="198.51.100.1")) == (
        "198.51.100.1"
    )


def test_visitor_hash_never_contains_the_address():
    """Only a keyed hash of the address is ever used to tell visitors apart."""
    digest = ratelimit.visitor_hash(request_from("203.0.113.9"))
    assert "203.0.113.9" not in digest
    assert digest != ratelimit.visitor_hash(request_from("203.0.113.10"))


def test_an_ipv6_visitor_is_their_64_network():
    """Addresses in one IPv6 /64 are one visitor; other /64s and IPv4 addresses are not."""
    visitor = ratelimit.visitor_hash(request_from("2001:db8:1:2::1"))
    assert visitor == ratelimit.visitor_hash(request_from("2001:db8:1:2:abcd::9"))
    assert visitor != ratelimit.visitor_hash(request_from("2001:db8:1:3::1"))
    mapped = ratelimit.visitor_hash(request_from("::ffff:203.0.113.9"))
    assert mapped == ratelimit.visitor_hash(request_from("203.0.113.9"))
    assert mapped != ratelimit.visitor_hash(request_from("::ffff:203.0.113.10"))


# Rate limits counted in Redis, under a key prefix per test: nothing else there is touched.
REDIS_URL = "redis://127.0.0.1:6379/12"


@pytest.fixture
def redis_worker(machine_redis):
    """Count limits in the machine's Redis; each call is another worker with its own client."""
    client = machine_redis(REDIS_URL)
    prefix = f"test-{uuid.uuid4().hex}"
    config = {"BACKEND": "breakingeven.cache.RedisCache", "LOCATION": REDIS_URL}
    with ExitStack() as workers:

        def start_worker():
            # Changing CACHES makes Django build a new backend, with a new client and pool.
            workers.enter_context(
                override_settings(CACHES={"default": {**config, "KEY_PREFIX": prefix}})
            )
            return caches["default"]

        yield start_worker
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_redis_limit_holds_at_the_limit(redis_worker, monkeypatch):
    """With Redis, the hit after the last allowed one is refused, and forgive() takes one back."""
    backend = redis_worker()

    def three_round_trips(*args, **kwargs):
        raise AssertionError("add() then incr(): Redis counts a hit in one round trip")

    monkeypatch.setattr(backend, "add", three_round_trips)
    monkeypatch.setattr(backend, "incr", three_round_trips)
    assert [ratelimit.hit("vote", "someone", rate="3/60") for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    monkeypatch.undo()
    ratelimit.forgive("vote", "someone", rate="3/60")
    ratelimit.forgive("vote", "someone", rate="3/60")
    assert ratelimit.hit("vote", "someone", rate="3/60")
    assert ratelimit.hit("vote", "someone-else", rate="3/60")


def test_redis_counts_are_shared_across_cache_clients(redis_worker):
    """Workers with their own Redis clients add up to one limit, as gunicorn's workers do."""
    first = redis_worker()
    assert ratelimit.hit("vote", "someone", rate="3/60")
    assert ratelimit.hit("vote", "someone", rate="3/60")
    second = redis_worker()
    assert second is not first
    assert second._cache.get_client() is not first._cache.get_client()
    assert ratelimit.hit("vote", "someone", rate="3/60")
    assert not ratelimit.hit("vote", "someone", rate="3/60")


def test_redis_window_expires_and_later_hits_do_not_stretch_it(redis_worker):
    """A window's count lives the window (plus a second) from its first hit, then is gone."""
    backend = redis_worker()
    key, _, window = ratelimit._window("vote", "someone", "5/1")
    ratelimit.hit("vote", "someone", rate="5/1")
    client = backend._cache.get_client()
    stored = backend.make_key(key)
    first_ttl = client.pttl(stored)
    assert 0 < first_ttl <= (window + 1) * 1000
    time.sleep(0.2)
    backend.incr_or_start(key, timeout=window + 1)  # a later hit in the same window
    assert client.pttl(stored) < first_ttl
    time.sleep((window + 1) + 0.1)
    assert not client.exists(stored)
    assert backend.incr_or_start(key, timeout=window + 1) == 1


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")
def test_redis_counts_on_after_redis_forgets_the_script(settings):
    """A Redis restart empties its script cache; the next hit loads the script again.

    On a redis-server of the test's own: the machine's script cache is everyone's."""
    server = RedisProcess().start()
    try:
        settings.CACHES = {
            "default": {"BACKEND": "breakingeven.cache.RedisCache", "LOCATION": server.url}
        }
        assert ratelimit.hit("vote", "someone", rate="2/60")
        redis.Redis.from_url(server.url).script_flush()
        assert ratelimit.hit("vote", "someone", rate="2/60")
        assert not ratelimit.hit("vote", "someone", rate="2/60")
    finally:
        server.stop()
