"""The page cache's hit rate on article pages, across the readers a real day brings.

Readers are drawn at random: first-time readers (no cookie), readers who voted before (the
voter's cookies), and commenters, whose first page after posting carries the flash message
(always rendered for them) and whose later pages carry only the commenter's cookie. Articles
are drawn with a long tail, as reading is: a few are read far more than the rest.

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
VOTER_COOKIES = "voter=a-readers-signed-id; voted=1"
COMMENTER_COOKIE = "commenter=a-commenters-signed-list"
FLASH_COOKIE = "messages=a-thank-you-for-the-comment"


def _calls(client, command):
    return client.info("commandstats").get(f"cmdstat_{command}", {}).get("calls", 0)


def article_paths(site):
    """The published articles' paths, newest first, from the sitemap."""
    with urlopen(f"{site}/sitemap.xml", timeout=30) as response:  # noqa: S310 (loopback)
        text = response.read().decode()
    paths = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", text)]
    return [path for path in paths if path.startswith("/articles/")]


def visits(rng, paths, count=REQUESTS):
    """(path, Cookie header) for `count` requests of the mix."""
    weights = [1 / rank for rank in range(1, len(paths) + 1)]  # Zipf: the long tail of reading
    requests, pending_comment = [], []
    for path in rng.choices(paths, weights=weights, k=count):
        if pending_comment:  # the commenter's next pages, after the one with the message
            requests.append((path, pending_comment.pop()))
            continue
        kind = rng.random()
        if kind < FIRST_TIME:
            requests.append((path, ""))
        elif kind < FIRST_TIME + VOTER:
            requests.append((path, VOTER_COOKIES))
        else:
            requests.append((path, f"{COMMENTER_COOKIE}; {FLASH_COOKIE}"))
            pending_comment = [COMMENTER_COOKIE] * 3
    return requests[:count]


def hit_rate(site, cache_url, *, seed=1):
    """The share of the mix's requests served from the page cache, and how many were sent."""
    client = redis.Redis.from_url(cache_url)
    requests = visits(random.Random(seed), article_paths(site))
    gets, sets = _calls(client, "mget"), _calls(client, "set")
    for path, cookie in requests:
        headers = {"Cookie": cookie} if cookie else {}
        with urlopen(Request(site + path, headers=headers), timeout=30) as response:  # noqa: S310
            response.read()
    hits = (_calls(client, "mget") - gets) - (_calls(client, "set") - sets)
    return hits / len(requests), len(requests)
