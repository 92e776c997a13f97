"""Model instances from written-out SQL are the ones the ORM would build."""

import pytest
from django.db import connection

from articles.models import Article
from breakingeven.rows import instances_from_sql
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def test_instances_match_the_orms_whatever_the_column_order():
    """Columns may come in any order; values land in their own fields, converted alike."""
    article = make_article(title="Pay rates", dek="What platforms pay.")
    sql = "SELECT dek, published_at, id, title FROM articles_article WHERE id = %s"
    [loaded] = instances_from_sql(Article, sql, [article.pk])
    expected = Article.objects.get(pk=article.pk)
    assert (loaded.pk, loaded.title, loaded.dek) == (article.pk, "Pay rates", "What platforms pay.")
    assert loaded.published_at == expected.published_at
    assert loaded.published_at.tzinfo is not None
    assert loaded.get_deferred_fields() == expected.get_deferred_fields() | {
        field.attname
        for field in Article._meta.concrete_fields
        if field.attname not in {"id", "title", "dek", "published_at"}
    }


def test_booleans_and_foreign_keys_come_back_as_the_orm_gives_them():
    """An author's reply: is_author is True, not 1, and parent_id is the thread's id."""
    reply = make_comment(parent=make_comment(), is_author=True)
    sql = "SELECT id, parent_id, is_author FROM comments_comment WHERE id = %s"
    [loaded] = instances_from_sql(Comment, sql, [reply.pk])
    assert loaded.is_author is True
    assert loaded.parent_id == reply.parent_id


def test_no_rows_is_an_empty_list():
    """Nothing found is an empty list, not an error."""
    assert instances_from_sql(Article, "SELECT id FROM articles_article WHERE id = %s", [0]) == []


def test_a_column_the_model_lacks_is_refused(settings):
    """A column that is not one of the model's fields is an error, not a silent misfit."""
    article = make_article()
    sql = "SELECT id, 1 AS extra FROM articles_article WHERE id = %s"
    with pytest.raises(ValueError, match="extra"):
        instances_from_sql(Article, sql, [article.pk])


def test_no_statement_is_prepared_so_any_pooler_works():
    """A transaction-mode pooler hands each transaction another server connection, where a
    statement prepared on the first would not exist: nothing may be prepared."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    article = make_article()
    sql = "SELECT id, title FROM articles_article WHERE id = %s"
    for _ in range(10):  # psycopg prepares a statement after five runs unless told not to
        instances_from_sql(Article, sql, [article.pk])
        Article.objects.filter(slug=article.slug).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == 0
