"""Benchmark data at realistic volume, loaded by `manage.py seed_bench`.

Every row made here is recognisable as benchmark data (slugs start with BENCH_PREFIX), so the
command can refuse a database holding anything else, top up what is missing when run again,
and remove exactly its own rows with --reset.

The seeding happens in PARTS, in order. A part whose models do not exist yet raises NotSeeded
with the reason; the command prints it, so a run never claims volume it does not have.
Adding a part: write `seed_<thing>(progress)` (return a one-line summary) and, if deleting the
bench articles does not already cascade to its rows, `reset_<thing>()`; list both in PARTS.
"""

import math
import random
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from articles.models import WORDS_PER_MINUTE, Article, Author, Tag
from breakingeven import pagecache
from breakingeven.markup import render_markdown
from comments.text import find_links, render_comment

from . import text, volume
from .volume import (
    ARTICLE_COUNT,
    AUTHOR_COUNT,
    BENCH_PREFIX,
    COMMENT_COUNT,
    LOAD_COMMENTER_EMAIL,
    MENTION_COUNT,
    PAY_REPORT_COUNT,
    PLATFORM_COUNT,
    SUBSCRIBER_COUNT,
    VOTE_COUNT,
)

# Markdown costs ~50 ms a body; rendering each distinct body once keeps seeding in seconds.
BODY_VARIANTS = 100
BATCH_SIZE = 250
COMMENT_VARIANTS = 200
REPLY_SHARE = 0.2  # of the comments, answering an earlier one on the same article
BENCH_EMAIL_DOMAIN = "@bench.invalid"


class NotSeeded(Exception):
    """A part that cannot be seeded (yet), with the reason shown to whoever runs the command."""


def article_slug(number):
    return f"{BENCH_PREFIX}{number:04d}"


def foreign_content():
    """Counts of rows that seed_bench did not make, by kind; empty when the database is clean."""
    counts = {
        "articles": Article.objects.exclude(slug__startswith=BENCH_PREFIX).count(),
        "authors": Author.objects.exclude(slug__startswith=BENCH_PREFIX).count(),
    }
    return {kind: count for kind, count in counts.items() if count}


def _bench_articles():
    return Article.objects.filter(slug__startswith=BENCH_PREFIX)


def _authors():
    existing = set(
        Author.objects.filter(slug__startswith=BENCH_PREFIX).values_list("slug", flat=True)
    )
    rng = random.Random("authors")
    missing = []
    for number in range(1, AUTHOR_COUNT + 1):
        slug = f"{BENCH_PREFIX}author-{number:02d}"
        name, bio = text.person_name(rng), text.paragraph(rng, sentences=(2, 3))
        if slug not in existing:
            missing.append(Author(slug=slug, name=name, bio=bio))
    Author.objects.bulk_create(missing)
    return list(Author.objects.filter(slug__startswith=BENCH_PREFIX).order_by("slug"))


def _tags():
    """The tag vocabulary; a tag of the same name made by someone else is reused, not doubled."""
    taken = set(Tag.objects.filter(name__in=text.TAG_NAMES).values_list("name", flat=True))
    Tag.objects.bulk_create(
        [
            Tag(name=name, slug=f"{BENCH_PREFIX}{slugify(name)}")
            for name in text.TAG_NAMES
            if name not in taken
        ]
    )
    return list(Tag.objects.filter(name__in=text.TAG_NAMES).order_by("name"))


def _bodies():
    """BODY_VARIANTS distinct bodies: (markdown, html, reading minutes), each rendered once."""
    bodies = []
    for variant in range(BODY_VARIANTS):
        markdown = text.article_body(random.Random(f"body-{variant}"))
        minutes = max(1, math.ceil(len(markdown.split()) / WORDS_PER_MINUTE))
        bodies.append((markdown, render_markdown(markdown), minutes))
    return bodies


def _status_and_time(number, now):
    """Mostly published over three years, newest first; a few drafts and scheduled pieces.
    The pages the harness loads are always published."""
    published_at = now - timedelta(hours=number * 26)
    if article_slug(number) in (volume.HEAVY_ARTICLE_SLUG, volume.TYPICAL_ARTICLE_SLUG):
        return Article.Status.PUBLISHED, published_at
    if number % 40 == 0:
        return Article.Status.DRAFT, None
    if number % 97 == 0:
        return Article.Status.PUBLISHED, now + timedelta(days=number % 30 + 1)
    return Article.Status.PUBLISHED, published_at


def seed_articles(progress):
    """ARTICLE_COUNT articles with authors, 1 to 4 tags each and Markdown bodies."""
    existing = set(_bench_articles().values_list("slug", flat=True))
    missing = [n for n in range(1, ARTICLE_COUNT + 1) if article_slug(n) not in existing]
    if not missing:
        return f"{ARTICLE_COUNT:,} articles already there"
    authors, tags = _authors(), _tags()
    progress("articles", 0, len(missing), "rendering bodies")
    bodies = _bodies()
    now = timezone.now()
    Through = Article.tags.through
    done = 0
    for start in range(0, len(missing), BATCH_SIZE):
        batch = missing[start : start + BATCH_SIZE]
        articles, tag_choices = [], []
        for number in batch:
            rng = random.Random(f"article-{number}")
            markdown, html, minutes = bodies[number % BODY_VARIANTS]
            status, published_at = _status_and_time(number, now)
            articles.append(
                Article(
                    slug=article_slug(number),
                    title=text.title(rng, number),
                    dek=text.sentence(rng),
                    author=authors[number % len(authors)],
                    body_markdown=markdown,
                    body_html=html,
                    reading_minutes=minutes,
                    status=status,
                    published_at=published_at,
                )
            )
            tag_choices.append(rng.sample(tags, rng.randint(1, 4)))
        with transaction.atomic():
            Article.objects.bulk_create(articles)
            Through.objects.bulk_create(
                [
                    Through(article_id=article.pk, tag_id=tag.pk)
                    for article, chosen in zip(articles, tag_choices, strict=True)
                    for tag in chosen
                ],
                ignore_conflicts=True,
            )
        done += len(batch)
        progress("articles", done, len(missing))
    return f"{len(missing):,} articles added ({ARTICLE_COUNT:,} in all)"


def reset_articles():
    """Remove the bench articles (their comments and votes go with them), authors and tags."""
    deleted, _ = _bench_articles().delete()
    deleted += Author.objects.filter(slug__startswith=BENCH_PREFIX).delete()[0]
    deleted += Tag.objects.filter(slug__startswith=BENCH_PREFIX).delete()[0]
    return deleted


def _model(app_label, model_name):
    """The model a part fills, or NotSeeded when its app does not have it."""
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        raise NotSeeded(f"no {app_label}.{model_name} model yet") from None


def _live_bench_articles():
    """The bench articles readers can open, which are the ones that get comments and votes."""
    return Article.objects.published().filter(slug__startswith=BENCH_PREFIX)


def _comment_targets(articles):
    """How many comments each live article should hold, {pk: count}, COMMENT_COUNT in all."""
    pins = {
        volume.HEAVY_ARTICLE_SLUG: volume.HEAVY_ARTICLE_COMMENTS,
        volume.TYPICAL_ARTICLE_SLUG: volume.TYPICAL_ARTICLE_COMMENTS,
    }
    others = [pk for pk, slug in articles if slug not in pins]
    spread = max(COMMENT_COUNT - sum(pins.values()), 0)
    targets = {pk: pins[slug] for pk, slug in articles if slug in pins}
    for index, pk in enumerate(others if spread else []):
        targets[pk] = spread // len(others) + (index < spread % len(others))
    return targets


def _comment_bodies():
    """COMMENT_VARIANTS distinct bodies (text, html, link count), each rendered once; the model
    renders on save(), which bulk_create skips."""
    bodies = []
    for variant in range(COMMENT_VARIANTS):
        rng = random.Random(f"comment-{variant}")
        body = "\n\n".join(text.paragraph(rng, sentences=(1, 3)) for _ in range(rng.randint(1, 3)))
        bodies.append((body, render_comment(body), len(find_links(body))))
    return bodies


def _sync_comment_counts(Comment):
    """Set every bench article's comment_count from its visible comments, in one UPDATE."""
    visible = (
        Comment.objects.visible()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(total=Count("pk"))
        .values("total")
    )
    _bench_articles().update(comment_count=Coalesce(Subquery(visible), 0))


def seed_comments(progress):
    """The volume module's COMMENT_COUNT approved comments: HEAVY_ARTICLE_COMMENTS on the
    heavy article, TYPICAL_ARTICLE_COMMENTS on the typical one, the rest spread over the other
    live bench articles, about a fifth of them replies; Article.comment_count set to match."""
    Comment = _model("comments", "Comment")
    articles = list(_live_bench_articles().order_by("pk").values_list("pk", "slug"))
    if not articles:
        raise NotSeeded("no live bench articles to comment on")
    have = dict(
        Comment.objects.filter(article__in=[pk for pk, _ in articles])
        .order_by()
        .values_list("article")
        .annotate(Count("pk"))
    )
    missing = {
        pk: want - have.get(pk, 0)
        for pk, want in _comment_targets(articles).items()
        if want > have.get(pk, 0)
    }
    total = sum(missing.values())
    if not total:
        _sync_comment_counts(Comment)
        return f"{COMMENT_COUNT:,} comments already there"
    bodies = _comment_bodies()
    published = dict(Article.objects.filter(pk__in=missing).values_list("pk", "published_at"))
    now = timezone.now()
    done = 0
    pending = list(missing.items())
    while pending:
        # Whole articles per batch, so a reply always finds its parent in the same batch.
        batch, size = [], 0
        while pending and (not batch or size + pending[0][1] <= BATCH_SIZE * 8):
            batch.append(pending.pop(0))
            size += batch[-1][1]
        threads, replies = [], []
        for pk, count in batch:
            rng = random.Random(f"comments-{pk}-{have.get(pk, 0)}")
            span = max((now - published[pk]).total_seconds(), 3600)
            firsts = []
            for index in range(count):
                body, html, links = bodies[rng.randrange(len(bodies))]
                created = published[pk] + timedelta(seconds=span * (index + 1) / (count + 1))
                comment = Comment(
                    article_id=pk,
                    name=text.person_name(rng),
                    email=f"reader-{rng.randrange(5000):04d}@bench.invalid",
                    body=body,
                    body_html=html,
                    link_count=links,
                    status=Comment.Status.APPROVED,
                    created_at=created,
                    approved_at=created + timedelta(minutes=rng.randint(1, 90)),
                )
                if firsts and rng.random() < REPLY_SHARE:
                    replies.append((comment, rng.choice(firsts)))
                else:
                    firsts.append(comment)
                    threads.append(comment)
        with transaction.atomic():
            Comment.objects.bulk_create(threads)
            for reply, parent in replies:
                reply.parent_id = parent.pk
            Comment.objects.bulk_create([reply for reply, _ in replies])
        done += size
        progress("comments", done, total)
    _sync_comment_counts(Comment)
    return f"{total:,} comments added ({COMMENT_COUNT:,} in all)"


def seed_subscribers(progress):
    """SUBSCRIBER_COUNT subscribers under @bench.invalid: mostly confirmed, some waiting for
    their confirmation, a few gone."""
    Subscriber = _model("newsletter", "Subscriber")
    have = _bench_subscribers(Subscriber).count()
    if have >= SUBSCRIBER_COUNT:
        return f"{SUBSCRIBER_COUNT:,} subscribers already there"
    Status = Subscriber.Status
    now = timezone.now()
    rng = random.Random("subscribers")
    for start in range(0, SUBSCRIBER_COUNT, BATCH_SIZE * 8):
        rows = []
        for number in range(start, min(start + BATCH_SIZE * 8, SUBSCRIBER_COUNT)):
            joined = now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
            status = rng.choices(
                [Status.CONFIRMED, Status.PENDING, Status.UNSUBSCRIBED], weights=[90, 4, 6]
            )[0]
            rows.append(
                Subscriber(
                    email=f"subscriber-{number:05d}@bench.invalid",
                    status=status,
                    signup_page="/",
                    created_at=joined,
                    requested_at=joined if status != Status.PENDING else now,
                    confirmed_at=None if status == Status.PENDING else joined,
                    unsubscribed_at=now if status == Status.UNSUBSCRIBED else None,
                    confirmation_sent_at=joined,
                    confirmations_sent=1,
                )
            )
        # The address is unique (case-insensitively): those already there are left as they are.
        Subscriber.objects.bulk_create(rows, ignore_conflicts=True)
        progress("subscribers", start + len(rows), SUBSCRIBER_COUNT)
    return f"{SUBSCRIBER_COUNT - have:,} subscribers added ({SUBSCRIBER_COUNT:,} in all)"


def _bench_subscribers(Subscriber):
    return Subscriber.objects.filter(email__endswith=BENCH_EMAIL_DOMAIN)


def reset_subscribers():
    """Subscribers do not hang off articles: remove the bench ones by their address."""
    try:
        Subscriber = _model("newsletter", "Subscriber")
    except NotSeeded:
        return 0
    return _bench_subscribers(Subscriber).delete()[0]


def _sync_vote_counts(Vote):
    """Set every bench article's Yes/No counters from its votes, in one UPDATE."""

    def tally(helpful):
        votes = (
            Vote.objects.filter(article=OuterRef("pk"), helpful=helpful)
            .order_by()
            .values("article")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return Coalesce(Subquery(votes), 0)

    _bench_articles().update(helpful_yes=tally(True), helpful_no=tally(False))


def seed_votes(progress):
    """VOTE_COUNT "Was this helpful?" votes spread over the live bench articles, about three
    in four Yes, some No with a note; the articles' Yes/No counters set to match."""
    Vote = _model("articles", "Vote")
    articles = list(_live_bench_articles().order_by("pk").values_list("pk", flat=True))
    if not articles:
        raise NotSeeded("no live bench articles to vote on")
    have = Vote.objects.filter(article__in=articles).count()
    if have >= VOTE_COUNT:
        _sync_vote_counts(Vote)
        return f"{VOTE_COUNT:,} votes already there"
    rng = random.Random("votes")
    per_article = [
        VOTE_COUNT // len(articles) + (index < VOTE_COUNT % len(articles))
        for index in range(len(articles))
    ]
    rows, done = [], 0
    for pk, count in zip(articles, per_article, strict=True):
        for number in range(count):
            helpful = rng.random() < 0.75
            rows.append(
                Vote(
                    article_id=pk,
                    # Fixed ids: a second run's votes collide with the first's and are skipped.
                    voter_id=f"{BENCH_PREFIX}voter-{number:06d}",
                    helpful=helpful,
                    note="" if helpful or rng.random() < 0.7 else text.sentence(rng),
                )
            )
        if len(rows) >= BATCH_SIZE * 40 or pk == articles[-1]:
            Vote.objects.bulk_create(rows, ignore_conflicts=True)
            done += len(rows)
            rows = []
            progress("votes", done, VOTE_COUNT)
    _sync_vote_counts(Vote)
    return f"{VOTE_COUNT - have:,} votes added ({VOTE_COUNT:,} in all)"


BENCH_LIST_NAMES = {
    "TaskType": [f"Bench task {n}" for n in range(1, 7)],
    "CredentialLevel": [f"Bench credential {n}" for n in range(1, 4)],
}


def _bench_platforms():
    return _model("platforms", "Platform").objects.filter(slug__startswith=BENCH_PREFIX)


def seed_platforms(progress):
    """PLATFORM_COUNT platforms with PAY_REPORT_COUNT approved reports over the last year, and
    MENTION_COUNT moods over the last twelve weeks, each platform with its own pay and habits."""
    Platform, PayReport = _model("platforms", "Platform"), _model("platforms", "PayReport")
    Mention = _model("platforms", "Mention")
    Platform.objects.bulk_create(
        [
            Platform(name=f"Bench platform {n:02d}", slug=f"{BENCH_PREFIX}platform-{n:02d}")
            for n in range(1, PLATFORM_COUNT + 1)
        ],
        ignore_conflicts=True,
    )
    platforms = list(_bench_platforms().order_by("slug").values_list("pk", flat=True))
    lists = {}
    for model_name, names in BENCH_LIST_NAMES.items():
        model = _model("platforms", model_name)
        model.objects.bulk_create([model(name=name) for name in names], ignore_conflicts=True)
        lists[model_name] = list(model.objects.filter(name__in=names).values_list("pk", flat=True))
    have = PayReport.objects.filter(platform__in=platforms).count()
    if have >= PAY_REPORT_COUNT:
        return f"{PAY_REPORT_COUNT:,} pay reports already there"
    rng = random.Random("pay reports")
    now = timezone.now()
    payments, works = list(PayReport.Payment), list(PayReport.Work)
    rows, done = [], have
    for number in range(have, PAY_REPORT_COUNT):
        index = number % len(platforms)
        created_at = now - timedelta(days=rng.uniform(0, 365))
        pay = round(rng.lognormvariate(3 + index / 20, 0.35), 2)
        rows.append(
            PayReport(
                platform_id=platforms[index],
                task_type_id=rng.choice(lists["TaskType"]),
                credential_id=rng.choice(lists["CredentialLevel"]),
                hourly_pay=min(pay, 999),
                hourly_usd=min(pay, 999),
                hours_last_week=rng.randrange(0, 60),
                month=created_at.date().replace(day=1),
                payment=rng.choices(payments, [70 - index, 15, 5, 2 + index])[0],
                work=rng.choice(works),
                status=PayReport.Status.APPROVED,
                created_at=created_at,
                approved_at=created_at,
            )
        )
        if len(rows) >= BATCH_SIZE * 40 or number == PAY_REPORT_COUNT - 1:
            PayReport.objects.bulk_create(rows)
            done += len(rows)
            rows = []
            progress("pay reports", done, PAY_REPORT_COUNT)
    moods = list(Mention.Mood)
    Mention.objects.bulk_create(
        Mention(
            platform_id=platforms[number % len(platforms)],
            score=0,
            mood=rng.choice(moods),
            said_at=now - timedelta(days=rng.uniform(0, 84)),
        )
        for number in range(MENTION_COUNT)
    )
    return f"{PAY_REPORT_COUNT - have:,} pay reports and {MENTION_COUNT:,} moods added"


def reset_platforms():
    deleted, _ = _bench_platforms().delete()
    for model_name, names in BENCH_LIST_NAMES.items():
        deleted += _model("platforms", model_name).objects.filter(name__in=names).delete()[0]
    return deleted


@dataclass(frozen=True)
class Part:
    name: str
    seed: object
    reset: object = None


PARTS = [
    Part("articles", seed_articles, reset_articles),
    Part("comments", seed_comments),
    Part("subscribers", seed_subscribers, reset_subscribers),
    Part("votes", seed_votes),
    Part("platforms", seed_platforms, reset_platforms),
]


def reset():
    """Delete every bench row, last part first; returns how many rows went."""
    deleted = sum(part.reset() for part in reversed(PARTS) if part.reset)
    pagecache.changed()
    return deleted


def _refresh_statistics():
    """Let PostgreSQL's planner see the new volume now rather than when autovacuum gets to it;
    with the empty tables' statistics it picks plans that only suit a handful of rows. VACUUM
    also marks the new rows visible to all, as autovacuum does after inserts, so index-only
    scans can skip the table."""
    if connection.vendor == "postgresql":
        # VACUUM cannot run inside a transaction, which is where the tests seed.
        statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(statement)


def forget_earlier_loads():
    """Delete what earlier runs' POST targets wrote: the held comments and the new readers'
    votes. Each run then loads the data as seeded; thousands of held comments piling up on
    one article over runs would skew PostgreSQL's estimates for that article's pages."""
    articles = _bench_articles()
    deleted, _ = (
        _model("comments", "Comment")
        .objects.filter(article__in=articles, email=LOAD_COMMENTER_EMAIL)
        .delete()
    )
    Vote = _model("articles", "Vote")
    votes, _ = (
        Vote.objects.filter(article__in=articles)
        .exclude(voter_id__startswith=BENCH_PREFIX)
        .delete()
    )
    if votes:
        _sync_vote_counts(Vote)
    return deleted + votes


def seed(progress):
    """Seed every part, after forgetting earlier runs' load; returns [(part name, seeded?,
    summary or reason)]."""
    forget_earlier_loads()
    report = []
    for part in PARTS:
        try:
            report.append((part.name, True, part.seed(progress)))
        except NotSeeded as reason:
            report.append((part.name, False, str(reason)))
    pagecache.changed()  # bulk_create sends no signals
    _refresh_statistics()
    return report
