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
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import WORDS_PER_MINUTE, Article, Author, Tag
from breakingeven import pagecache
from breakingeven.markup import render_markdown

from . import text, volume
from .volume import ARTICLE_COUNT, AUTHOR_COUNT, BENCH_PREFIX

# Markdown costs ~50 ms a body; rendering each distinct body once keeps seeding in seconds.
BODY_VARIANTS = 100
BATCH_SIZE = 250


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


def _not_written(label, app_label, model_name):
    """Why a part is not seeded: its model is missing, or this module does not fill it yet."""
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return f"no {app_label}.{model_name} model yet"
    return f"{app_label}.{model_name} exists, but bench/seed.py does not seed {label} yet"


def seed_comments(progress):
    """The volume module's COMMENT_COUNT approved comments: HEAVY_ARTICLE_COMMENTS on the
    heavy article, TYPICAL_ARTICLE_COMMENTS on the typical one, the rest spread over the other
    published bench articles; Article.comment_count set to match.

    Extension point: filled in once the comments app has its Comment model.
    """
    raise NotSeeded(_not_written("comments", "comments", "Comment"))


def seed_subscribers(progress):
    """SUBSCRIBER_COUNT confirmed subscribers with addresses under @bench.invalid.

    Extension point: filled in once the newsletter app has its Subscriber model; it also
    needs a reset_subscribers() in PARTS, since subscribers do not hang off articles.
    """
    raise NotSeeded(_not_written("subscribers", "newsletter", "Subscriber"))


def seed_votes(progress):
    """VOTE_COUNT "Was this helpful?" votes spread over the published bench articles.

    Extension point: filled in once the articles app has its Vote model.
    """
    raise NotSeeded(_not_written("votes", "articles", "Vote"))


@dataclass(frozen=True)
class Part:
    name: str
    seed: object
    reset: object = None


PARTS = [
    Part("articles", seed_articles, reset_articles),
    Part("comments", seed_comments),
    Part("subscribers", seed_subscribers),
    Part("votes", seed_votes),
]


def reset():
    """Delete every bench row, last part first; returns how many rows went."""
    deleted = sum(part.reset() for part in reversed(PARTS) if part.reset)
    pagecache.changed()
    return deleted


def seed(progress):
    """Seed every part; returns [(part name, seeded?, summary or reason)]."""
    report = []
    for part in PARTS:
        try:
            report.append((part.name, True, part.seed(progress)))
        except NotSeeded as reason:
            report.append((part.name, False, str(reason)))
    pagecache.changed()  # bulk_create sends no signals
    return report
