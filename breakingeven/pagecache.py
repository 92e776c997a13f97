"""Whole pages cached for readers, never stale.

A reader's page (home, article) is the same for every visitor who brings no cookie of their
own, so it is rendered once and then served from the shared cache. What keeps it fresh:

- One site-wide version number, kept in the cache. Every cached page records the version it
  was rendered under and is only served while that is still the current version. Any change
  a reader could see calls `changed()`, which moves the version on (at once, and again when
  the change is committed), so the very next request renders afresh. `watch(Model)` does
  that for every save and delete of a model (and its many-to-many edits); code that writes
  such rows with QuerySet.update() or bulk_create() must call `changed()` itself.
- Time: an article scheduled for later appears without anyone saving anything, so a cached
  page never outlives the moment given by the view's `changes_at()` (the next scheduled
  publication).
- Visitors: only GET/HEAD requests carrying no cookie but SHARED_PAGE_COOKIES are served
  from the cache (or fill it). A session, a flash message or any other cookie means the page
  may be personal, so it is rendered for them alone.
- Per request: a value that must differ between two responses of the same page (the
  visitor's CSRF token, the readers' forms' signed start time) is listed in PER_REQUEST.
  The cached copy is rendered with a placeholder for each, and every response, from the
  cache or not, gets fresh values put in their places. Placeholders are derived from
  SECRET_KEY, so that no text a visitor writes can hold one.
- Nonces: a page that used the CSP nonce is never cached (the nonce must be fresh each time).
- Addresses: only canonical ones are cached, so that made-up query strings (`?utm=1`,
  `?utm=2`, …) cannot fill the cache. The parameters that social networks, ads and
  newsletters add to links for the visitor's own analytics (TRACKING) are dropped before the
  page is looked up or rendered: a shared link's readers, each with a value of their own,
  get the one cached page. A page names the query parameters it reads and the
  form each value must have (`query=PAGED`); any other parameter, a repeated one, or a value
  in another form is rendered without touching the cache. Values out of range (a page past
  the last) answer 404, which is never cached.

With no cache configured (DummyCache) the decorated view runs as it is.
"""

import functools
import hashlib
import logging
import re
import time
from contextvars import ContextVar
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.utils.crypto import salted_hmac

from comments.tokens import form_started_token

from .cache import CacheUnavailable

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"

# Everything in a reader's page that differs per request. A page reads these through
# per_request(); the CSRF token reaches templates as the `csrf_token` context variable.
PER_REQUEST = {
    # get_token() also has the CSRF middleware set the cookie and Vary: Cookie.
    "csrf-token": get_token,
    # The readers' forms' time trap: a frozen start would let a bot post at once.
    "form-started": lambda request: form_started_token(),
}

_rendering_for_cache = ContextVar("rendering_for_cache", default=False)


class _Marks(NamedTuple):
    of: dict  # name: placeholder
    name_of: dict  # placeholder, as bytes: name
    pattern: re.Pattern  # finds every placeholder in a page
    tag: str  # names the set in cache keys


@functools.cache
def _marks_under(secret):
    # Keyed on the secret: text a visitor writes (a comment, a link in it) can never hold a
    # placeholder, so no page shows a reader's CSRF token where a stranger put it.
    def digest(value):
        return salted_hmac(__name__, value, secret=secret, algorithm="sha256").hexdigest()[:32]

    of = {name: f"pagecache-{name}-placeholder-{digest(name)}" for name in PER_REQUEST}
    name_of = {placeholder.encode(): name for name, placeholder in of.items()}
    pattern = re.compile(b"(" + b"|".join(map(re.escape, name_of)) + b")")
    return _Marks(of, name_of, pattern, tag=digest("key")[:12])


def _marks():
    return _marks_under(settings.SECRET_KEY)


def per_request(name, request=None):
    """The fresh value of PER_REQUEST[name]; its placeholder while a page renders for the cache."""
    if _rendering_for_cache.get():
        return _marks().of[name]
    return PER_REQUEST[name](request)


# How long a page may stay cached at most; the version, not this, keeps it fresh.
TIMEOUT = 3600


def changed():
    """Make every cached page stale, now and again once the current transaction commits.

    Now, so that the change shows at once to requests that can already see it (the writer's
    own, tests); again after the commit, because a page rendered in between shows the
    uncommitted rows' old state under the new version and must not outlive the commit.
    """
    _bump()
    transaction.on_commit(_bump, robust=True)


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): any fresh start will do
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)
    except CacheUnavailable:
        # The change itself is saved; pages Redis kept through the outage may show until TIMEOUT.
        logger.error("Redis unavailable: cached pages could not be marked stale")


def version():
    """The current site-wide version; anything else cached for readers can key on it too."""
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        current = cache.get(VERSION_KEY)
    return current


# How long a value computed for readers is kept at most; the version in its key keeps it fresh.
COMPUTED_TIMEOUT = 10 * 60


def cached(name, compute):
    """`compute()`'s value, shared through the cache until the site-wide version moves on.

    For what readers' pages and downloads show, never for what is stored: a value computed
    between a change and its commit is only fresh under the version the commit moves past.
    """
    return cache.get_or_set(f"{name}:{version()}", compute, COMPUTED_TIMEOUT)


def _fresh_version():
    # Time-based, so a version lost from the cache never comes back as a number that pages
    # still in the cache were rendered under.
    return time.time_ns()


def _on_write(sender, **kwargs):
    changed()


def _on_m2m(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        changed()


def watch(*models):
    """Call `changed()` whenever a row of these models is saved or deleted, or one of their
    many-to-many relations is edited.

    Signals rather than save(): invalidation must follow every write path (the admin's bulk
    delete, many-to-many widgets, the shell), and it alters nothing but freshness.
    """
    for model in models:
        post_save.connect(_on_write, sender=model, weak=False)
        post_delete.connect(_on_write, sender=model, weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_on_m2m, sender=field.remote_field.through, weak=False)


def page_number(value):
    """A page number as the site's own links write it: digits, no leading zero."""
    # isdigit() alone takes any script's digits ("٢"), which int() reads as the same page.
    return value.isascii() and value.isdigit() and not value.startswith("0")


# For paginated lists: ?page=2.
PAGED = {"page": page_number}


# Cookies that never change a page, so a visitor bringing no others gets the cached one: the
# CSRF token (filled in per request), and the voter's and commenter's own, whose state comes
# from requests of their own (helpful.js asks for the reader's vote). A session, a flash
# message or any other cookie means the page may be personal (staff are never served one).
SHARED_PAGE_COOKIES = {"voter", "voted", "commenter"}


# No page reads these; a link copied from a page must not pass one reader's on to others.
TRACKING = re.compile(
    r"utm_[a-z]+|ref|_gl|fbclid|gclid|gbraid|wbraid|dclid|msclkid|twclid|ttclid|igshid|yclid"
    r"|mc_cid|mc_eid"
)


def _drop_tracking(request):
    if tracking := [name for name in request.GET if TRACKING.fullmatch(name)]:
        kept = request.GET.copy()
        for name in tracking:
            del kept[name]
        kept._mutable = False
        request.GET = kept


def _cacheable_request(request, query):
    if request.method not in ("GET", "HEAD"):
        return False
    if not set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME, *SHARED_PAGE_COOKIES}:
        return False
    return all(
        name in query and len(values) == 1 and query[name](values[0])
        for name, values in request.GET.lists()
    )


def _page_key(request):
    # The parsed query, not the raw one: `?page=2&` and `?page=2` are one page. The host as
    # ALLOWED_HOSTS checked it (no port, lower case, no final dot), so that made-up ports and
    # spellings of it cannot fill the cache either; no page shows the request's own host.
    host, _ = split_domain_port(request.get_host())
    address = f"{host}{request.path}?{request.GET.urlencode()}".encode()
    # Pages cut under another secret hold other placeholders: a new key never reads them.
    return f"pagecache:parts:{_marks().tag}:{hashlib.sha256(address).hexdigest()}"


def _timeout(changes_at):
    """Seconds a page rendered now may be kept: until the next timed change, at most TIMEOUT."""
    moment = changes_at() if changes_at else None
    if moment is None:
        return TIMEOUT
    return max(0, min(TIMEOUT, int(moment.timestamp() - time.time())))


# The cached copy is kept cut at its placeholders, so that a response is one join: a long page
# (a thread of many comments) is not searched for each placeholder on every request.
def _cut(content):
    """`content` as [text, placeholder, text, placeholder, …, text]."""
    return _marks().pattern.split(content)


def _filled(request, parts):
    """The page from its parts, with this request's own value at each placeholder."""
    name_of = _marks().name_of
    values = {p: PER_REQUEST[name_of[p]](request).encode() for p in set(parts[1::2])}
    chunks = list(parts)
    chunks[1::2] = [values[p] for p in parts[1::2]]
    return b"".join(chunks)


def cache_for_readers(*, changes_at=None, query=None):
    """Decorate a view that returns a TemplateResponse so readers get it from the cache.

    `changes_at()` returns when the page could change without any write (an aware
    datetime), or None. `query` maps each query parameter the page reads to a test of its
    value's canonical form; requests with any other query are not cached.
    """
    query = query or {}

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            _drop_tracking(request)
            if isinstance(caches["default"], DummyCache) or not _cacheable_request(request, query):
                return view(request, *args, **kwargs)
            key = _page_key(request)
            found = cache.get_many([VERSION_KEY, key])
            current, entry = found.get(VERSION_KEY), found.get(key)
            if current is not None and entry is not None and entry["version"] == current:
                return HttpResponse(_filled(request, entry["parts"]), headers=entry["headers"])
            if current is None:
                current = version()
            response = view(request, *args, **kwargs)
            if (
                response.status_code != 200
                or not isinstance(response, SimpleTemplateResponse)
                or response.is_rendered
            ):
                return response
            response.context_data = {
                **(response.context_data or {}),
                "csrf_token": _marks().of["csrf-token"],
            }
            rendering = _rendering_for_cache.set(True)
            try:
                response.render()
            finally:
                _rendering_for_cache.reset(rendering)
            parts = _cut(response.content)
            # A response setting a cookie is someone's own; one using the nonce must vary.
            if not response.cookies and not get_nonce(request):
                entry = {"version": current, "parts": parts, "headers": dict(response.headers)}
                cache.set(key, entry, timeout=_timeout(changes_at))
            response.content = _filled(request, parts)
            return response

        return wrapper

    return decorator
