"""The site's one rate limiter: fixed windows counted in the configured cache.

Counting in the cache (Redis or the database cache in production) makes a limit hold across
gunicorn workers and hosts. Visitors are identified by a keyed hash of their address, so no
address is ever stored in clear.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache


def visitor_hash(request):
    """A keyed hash of the visitor's IP address: stable per visitor, useless without the key."""
    address = request.META.get("REMOTE_ADDR", "")
    key = f"{settings.SECRET_KEY}:visitor".encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def parse_rate(rate):
    """'5/600' -> (5, 600): at most 5 hits in 600 seconds."""
    count, seconds = rate.split("/")
    return int(count), int(seconds)


def hit(scope, identity, *, rate=None):
    """Count one hit for `identity` in `scope`; return False when it goes over the limit.

    `rate` defaults to settings.RATE_LIMITS[scope].
    """
    limit, window = parse_rate(rate or settings.RATE_LIMITS[scope])
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{identity}:{bucket}"
    # add() is a no-op when the key exists, so concurrent first hits don't reset the count.
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window + 1)
        count = 1
    return count <= limit


def visitor_hit(scope, request, *, rate=None):
    """Count one hit for the requesting visitor in `scope`."""
    return hit(scope, visitor_hash(request), rate=rate)
