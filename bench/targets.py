"""What `make bench` loads, on which server, and what the issue still asks for.

Adding a target is one entry in TARGETS (and, for a POST, a `Post` naming the page whose
form it submits). Targets the issue names that the site cannot serve yet are in PENDING with
the reason; their budgets print "not measured" until they move into TARGETS.
"""

from dataclasses import dataclass, field

from .volume import HEAVY_ARTICLE_SLUG, TYPICAL_ARTICLE_SLUG

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


@dataclass(frozen=True)
class Target:
    name: str
    path: str  # loaded with GET, or for a POST the form's action
    profile: str = "main"
    post: Post | None = None
    expect: int = 200  # the status a single request must get before the load starts


TARGETS = [
    Target("ceiling", "/_bench/ceiling/"),
    Target("home", "/"),
    Target("article", f"/articles/{TYPICAL_ARTICLE_SLUG}/"),
    Target("bench form POST", "/_bench/post/", post=Post(page="/_bench/post/"), expect=302),
    Target("article, cache off", f"/articles/{TYPICAL_ARTICLE_SLUG}/", profile="cache off"),
]

# Named by the issue, waiting for the feature; how each will be written once it exists:
#   Target("article, 2,000 comments", f"/articles/{HEAVY_ARTICLE_SLUG}/"),
#   Target("threads", "<the threads endpoint's path>"),
#   Target("search", "/search/?q=pay+rates"),
#   Target("comment POST", "<the comment form's action>", expect=302,
#          post=Post(page=f"/articles/{TYPICAL_ARTICLE_SLUG}/", varying="body",
#                    fields={"name": "Bench", "email": "bench@bench.invalid", "body": "Thanks"})),
#   Target("vote POST", "<the vote form's action>", expect=302,
#          post=Post(page=f"/articles/{TYPICAL_ARTICLE_SLUG}/", fields={"helpful": "yes"})),
PENDING = {
    "article, 2,000 comments": f"needs comments (seeded on {HEAVY_ARTICLE_SLUG})",
    "threads": "needs the comments app's threads endpoint",
    "search": "needs the search page",
    "comment POST": "needs the comment form",
    "vote POST": 'needs the "Was this helpful?" vote',
}
