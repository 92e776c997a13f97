"""The article page's reads of articles and tags, written in SQL.

The article page is the one readers load most, and every miss of the page cache renders it
afresh. Built through the ORM, its queries cost 3 ms of the page's 8.5 ms of CPU on the
benchmark's machine, five times what running them costs, so they are written out here. They
keep the ORM's meanings, and tests hold them to it: the articles readers may see are
Article.objects.published(), tags come in Tag's order, and the article loads every field but
the Markdown source.
"""

from functools import cache

from django.db import connection
from django.http import Http404
from django.utils import timezone

from breakingeven.rows import instances_from_sql

from .models import Article, Author, Tag

# The Markdown source: the page shows the HTML rendered from it on save.
NOT_ON_THE_PAGE = ("body_markdown",)


def _select_list(model, *, leave_out=()):
    return ", ".join(
        connection.ops.quote_name(field.column)
        for field in model._meta.concrete_fields
        if field.name not in leave_out
    )


# The column lists come from the models, never from a request (hence the noqa for ruff's
# SQL-injection check), so that a field added later is loaded like the others.
@cache
def _article_sql():
    columns = _select_list(Article, leave_out=NOT_ON_THE_PAGE)
    return (
        f"SELECT {columns} FROM articles_article"  # noqa: S608
        " WHERE slug = %s AND status = %s AND published_at <= %s"
    )


@cache
def _author_sql():
    return f"SELECT {_select_list(Author)} FROM articles_author WHERE id = %s"  # noqa: S608


def published_article(slug):
    """The published article at `slug`, with its author, for its page; or 404.

    Two small queries rather than a join, as each builds one kind of model.
    """
    params = [slug, Article.Status.PUBLISHED, timezone.now()]
    found = instances_from_sql(Article, _article_sql(), params)
    if not found:
        raise Http404("No published article with this address.")
    article = found[0]
    [article.author] = instances_from_sql(Author, _author_sql(), [article.author_id])
    return article


TAGS_SQL = """
    SELECT tag.id, tag.name, tag.slug
    FROM articles_tag tag
    JOIN articles_article_tags link ON link.tag_id = tag.id
    WHERE link.article_id = %s
    ORDER BY tag.name
"""


def tags_of(article):
    """The article's tags, in Tag's order (by name)."""
    return instances_from_sql(Tag, TAGS_SQL, [article.pk])


# Read next looks at the newest published articles that share a tag with this one, at most
# RELATED_CANDIDATES of them, and ranks those by the tags they share, then by publication
# time; the newest others fill any gap. Bounded so that its cost does not grow with the
# archive: it reads the newest articles until it has found enough related ones, where ranking
# every article sharing a tag read a few hundred of them on the benchmark's 1,000.
#
# The published status and the time are written in the SQL (the time by the database's clock,
# not this process's), so that PostgreSQL can tell how many rows they let through.
RELATED_CANDIDATES = 20
SHARING_TAGS_SQL = """
    SELECT id, slug, title, dek
    FROM (
        SELECT other.id, other.slug, other.title, other.dek, other.published_at,
            (SELECT COUNT(*) FROM articles_article_tags link
             WHERE link.article_id = other.id AND link.tag_id IN ({tag_ids})) AS shared_tags
        FROM articles_article other
        WHERE other.status = '{published}' AND other.published_at <= CURRENT_TIMESTAMP
            AND other.id <> %s
            AND EXISTS (
                SELECT 1 FROM articles_article_tags link
                WHERE link.article_id = other.id AND link.tag_id IN ({tag_ids})
            )
        ORDER BY other.published_at DESC, other.id DESC
        LIMIT {candidates}
    ) AS related
    ORDER BY shared_tags DESC, published_at DESC, id DESC
    LIMIT %s
"""
NEWEST_OTHERS_SQL = """
    SELECT id, slug, title, dek
    FROM articles_article
    WHERE id NOT IN ({excluded})
        AND status = '{published}' AND published_at <= CURRENT_TIMESTAMP
    ORDER BY published_at DESC, id DESC
    LIMIT %s
"""


def read_next_for(article, *, tags, limit=3):
    """Up to `limit` other published articles for "Read next", with their title, standfirst
    and slug: of the newest related ones, those sharing the most of `tags` (the article's,
    from tags_of()) first, then the newest."""
    published = Article.Status.PUBLISHED
    picks = []
    if tags:
        tag_ids = [tag.pk for tag in tags]
        sql = SHARING_TAGS_SQL.format(
            tag_ids=", ".join(["%s"] * len(tag_ids)),
            candidates=RELATED_CANDIDATES,
            published=published,
        )
        params = [*tag_ids, article.pk, *tag_ids, limit]
        picks = instances_from_sql(Article, sql, params)
    if len(picks) < limit:
        excluded = [article.pk, *(pick.pk for pick in picks)]
        sql = NEWEST_OTHERS_SQL.format(
            excluded=", ".join(["%s"] * len(excluded)), published=published
        )
        params = [*excluded, limit - len(picks)]
        picks += instances_from_sql(Article, sql, params)
    return picks
