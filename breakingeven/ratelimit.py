"""The site's one rate limiter: fixed windows counted in the configured cache.

Counting in the cache (Redis in production) makes a limit hold across gunicorn workers and
hosts. Visitors are identified by a keyed hash of their address, so no address is ever stored
in clear.
"""

import contextlib
import hashlib
import hmac
import ipaddress
import time

from django.conf import settings
from django.core.cache import caches

from .cache import CacheUnavailable, RedisCache


def from_trusted_proxy(address):
    """True when the connection comes from FORWARDED_ALLOW_IPS: only a proxy may forward."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        allowed == "*" or ip in ipaddress.ip_network(allowed, strict=False)
        for allowed in settings.FORWARDED_ALLOW_IPS
    )


def client_ip(request):
    """The visitor's address, looking past the TRUSTED_PROXY_COUNT proxies in front of the site.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For,
    so the visitor's address is the one that many places from the right. Anything further
    left was sent by the client and cannot be trusted, and so is the whole header when the
    connection does not come from a proxy.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies and from_trusted_proxy(remote):
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return remote


def keyed_hash(value, *, purpose):
    """An HMAC of `value` keyed with SECRET_KEY and `purpose`: stable, useless without the key."""
    key = f"{settings.SECRET_KEY}:{purpose}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def visitor_address(address):
    """Who an address is for limits: an IPv6 address stands for its /64, since one connection
    is given a whole /64 and could otherwise pass every limit by changing address in it."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return address
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def visitor_hash(request):
    """A keyed hash of the visitor's IP address: stable per visitor, useless without the key."""
    return keyed_hash(visitor_address(client_ip(request)), purpose="visitor")


def parse_rate(rate):
    """'5/600' -> (5, 600): at most 5 hits in 600 seconds."""
    count, seconds = rate.split("/")
    return int(count), int(seconds)


def _window(scope, identity, rate):
    limit, window = parse_rate(rate or settings.RATE_LIMITS[scope])
    bucket = int(time.time() // window)
    return f"ratelimit:{scope}:{identity}:{bucket}", limit, window


def hit(scope, identity, *, rate=None):
    """Count one hit for `identity` in `scope`; return False when it goes over the limit.

    `rate` defaults to settings.RATE_LIMITS[scope]. Raises CacheUnavailable when the count
    cannot be made (Redis is away): OutageMiddleware answers 503 rather than not limit.
    """
    key, limit, window = _window(scope, identity, rate)
    return _count(key, timeout=window + 1) <= limit


def _count(key, *, timeout):
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return backend.incr_or_start(key, timeout=timeout)
    # add() is a no-op when the key exists, so concurrent first hits don't reset the count.
    backend.add(key, 0, timeout=timeout)
    try:
        return backend.incr(key)
    except ValueError:  # expired between add() and incr()
        backend.add(key, 1, timeout=timeout)
        return 1


def forgive(scope, identity, *, rate=None):
    """Take back one hit of `identity` in `scope`, for limits that count only failures.

    Sign-in counts every attempt before checking the password, so that parallel guesses
    cannot all pass a check made before any of them is counted; a success is taken back.
    """
    key, _, _ = _window(scope, identity, rate)
    # ValueError: the window has just ended, nothing to take back. CacheUnavailable: the
    # hit stays counted, which only makes the limit stricter.
    with contextlib.suppress(ValueError, CacheUnavailable):
        caches["default"].decr(key)


def visitor_hit(scope, request, *, rate=None):
    """Count one hit for the requesting visitor in `scope`."""
    return hit(scope, visitor_hash(request), rate=rate)
