"""The page cache's hit rate on article pages, across the readers a real day brings.

Requests are drawn at random from first-time readers (no cookie; some arrive from a link
shared on a social network or in a newsletter, whose query string is their own, such as
`?fbclid=…`), readers who voted before (the voter's cookies) and commenters coming back after
a post (the commenter's cookie), over the articles with a long tail, as reading is: a few are
read far more than the rest. Every article is read once first, as a site in steady state has
its pages cached; the page right after a post, which carries a flash message, is the
commenter's own and not part of the mix.

Hits are counted in Redis itself: every request the cache may serve reads it with one MGET,
and every miss stores the rendered page with one SET, so hits are MGETs less SETs over the
requests sent. It reads the Redis server's command counts, so nothing else may use that
Redis meanwhile (make bench's own).
"""

import random
import re
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

import redis

REQUESTS = 600
FIRST_TIME, VOTER, COMMENTER = 0.6, 0.3, 0.1
SHARED_LINK = 1 / 6  # of the first-time readers
VOTER_COOKIES = "voter=a-readers-signed-id; voted=1"
COMMENTER_COOKIE = "commenter=a-commenters-signed-list"


def _calls(client, command):
    return client.info("commandstats").get(f"cmdstat_{command}", {}).get("calls", 0)


def article_paths(site):
    """The published articles' paths, newest first, from the sitemap."""
    with urlopen(f"{site}/sitemap.xml", timeout=30) as response:  # noqa: S310 (loopback)
        text = response.read().decode()
    paths = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", text)]
    return [path for path in paths if path.startswith("/articles/")]


def shared_link(rng):
    """The query string a link shared on a social network or in a newsletter brings."""
    return rng.choice(
        [f"?fbclid={rng.getrandbits(64):x}", "?utm_source=newsletter&utm_medium=email"]
    )


def visits(rng, paths, count=REQUESTS):
    """(path, Cookie header) for `count` requests of the mix."""
    weights = [1 / rank for rank in range(1, len(paths) + 1)]  # Zipf: the long tail of reading
    readers = rng.choices(
        ["", VOTER_COOKIES, COMMENTER_COOKIE], weights=[FIRST_TIME, VOTER, COMMENTER], k=count
    )
    return [
        (path + (shared_link(rng) if not cookie and rng.random() < SHARED_LINK else ""), cookie)
        for path, cookie in zip(rng.choices(paths, weights=weights, k=count), readers, strict=True)
    ]


def _read(site, path, cookie=""):
    headers = {"Cookie": cookie} if cookie else {}
    with urlopen(Request(site + path, headers=headers), timeout=30) as response:  # noqa: S310
        response.read()


def hit_rate(site, cache_url, *, seed=1):
    """The share of the mix's requests served from the page cache, and how many were sent."""
    client = redis.Redis.from_url(cache_url)
    paths = article_paths(site)
    for path in paths:
        _read(site, path)
    requests = visits(random.Random(seed), paths)
    gets, sets = _calls(client, "mget"), _calls(client, "set")
    for path, cookie in requests:
        _read(site, path, cookie)
    hits = (_calls(client, "mget") - gets) - (_calls(client, "set") - sets)
    return hits / len(requests), len(requests)
