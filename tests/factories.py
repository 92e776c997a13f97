"""Small helpers that make valid objects with as little typing as possible."""

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Author, Tag

_numbers = itertools.count(1)


def make_author(**fields):
    number = next(_numbers)
    fields.setdefault("name", f"Author {number}")
    fields.setdefault("slug", f"author-{number}")
    fields.setdefault("bio", "Writes about evaluation work.")
    return Author.objects.create(**fields)


def make_tag(**fields):
    number = next(_numbers)
    fields.setdefault("name", f"Tag {number}")
    fields.setdefault("slug", f"tag-{number}")
    return Tag.objects.create(**fields)


def make_article(*, tags=(), published=True, days_ago=1, **fields):
    """A published article by default; `published=False` makes a draft, negative days schedule."""
    number = next(_numbers)
    fields.setdefault("title", f"Article {number}")
    fields.setdefault("slug", f"article-{number}")
    fields.setdefault("dek", f"What article {number} is about.")
    fields.setdefault("body_markdown", f"## Section\n\nBody of article {number}.")
    if "author" not in fields:
        fields["author"] = make_author()
    fields.setdefault("status", Article.Status.PUBLISHED if published else Article.Status.DRAFT)
    fields.setdefault("published_at", timezone.now() - timedelta(days=days_ago))
    article = Article.objects.create(**fields)
    if tags:
        article.tags.set(tags)
    return article
