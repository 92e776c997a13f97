"""What `make bench` loads, on which server, and what the issue still asks for.

Adding a target is one entry in TARGETS (and, for a POST, a `Post` naming the page whose
form it submits). Targets the issue names that the site cannot serve yet would go in PENDING
with the reason; their budgets print "not measured" until they move into TARGETS.
"""

from dataclasses import dataclass, field

from .volume import (
    BENCH_PLATFORM_SLUG,
    HEAVY_ARTICLE_SLUG,
    LOAD_COMMENTER_EMAIL,
    TYPICAL_ARTICLE_SLUG,
)

# Server profiles: extra environment for the gunicorn that serves a target. "main" is the
# production-like stack with the Redis cache; "cache off" swaps in Django's dummy cache,
# so nothing cached can help (the cold-cache budget).
PROFILES = {
    "main": {},
    "cache off": {"CACHE_URL": "dummycache://"},
}


@dataclass(frozen=True)
class Post:
    """A form POST: fetch `page` and submit its form that posts to the target's path, with
    `fields` on top of the form's own hidden inputs."""

    page: str
    fields: dict = field(default_factory=dict)
    varying: str | None = None  # a field made unique per request (see forms.prepare_post)
    ripen: float = 0  # seconds to wait after fetching the page, for forms that refuse haste


@dataclass(frozen=True)
class Target:
    name: str
    path: str  # loaded with GET, or for a POST the form's action
    profile: str = "main"
    post: Post | None = None
    expect: int = 200  # the status a single request must get before the load starts
    cookie: str = ""  # a Cookie header every request of a GET target carries


TYPICAL_PAGE = f"/articles/{TYPICAL_ARTICLE_SLUG}/"

CEILING = Target("ceiling", "/_bench/ceiling/")
TARGETS = [
    CEILING,
    Target("home", "/"),
    Target("article", TYPICAL_PAGE),
    # A reader who answered "Was this helpful?" before: their cookies change nothing on the page.
    Target("article, voter", TYPICAL_PAGE, cookie="voter=a-readers-signed-id; voted=1"),
    Target("article, 2,000 comments", f"/articles/{HEAVY_ARTICLE_SLUG}/"),
    Target("threads", "/discussions/latest/"),
    Target("search", "/search/?q=pay+rates"),
    Target("bench form POST", "/_bench/post/", post=Post(page="/_bench/post/"), expect=302),
    Target(
        "comment POST",
        f"{TYPICAL_PAGE}comments/",
        expect=302,
        post=Post(
            page=TYPICAL_PAGE,
            # The body varies: the site refuses the same text twice from one sender.
            fields={"name": "Bench Reader", "email": LOAD_COMMENTER_EMAIL, "body": "Thanks"},
            varying="body",
            # The form's signed timestamp must be older than breakingeven.forms.MIN_FORM_SECONDS.
            ripen=3.5,
        ),
    ),
    # Each POST brings no voter cookie, so each is a new reader's vote.
    Target(
        "vote POST",
        f"{TYPICAL_PAGE}helpful/",
        expect=302,
        post=Post(page=TYPICAL_PAGE, fields={"helpful": "yes"}),
    ),
    Target("article, cache off", TYPICAL_PAGE, profile="cache off"),
    # Every figure worked out afresh from 100,000 reports: nothing cached can help.
    Target("tier list, cache off", "/platforms/", profile="cache off"),
    Target("platform page, cache off", f"/platforms/{BENCH_PLATFORM_SLUG}/", profile="cache off"),
]

# Named by the issue, waiting for the feature, with the reason; none left.
PENDING = {}
