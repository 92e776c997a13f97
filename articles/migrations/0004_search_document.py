"""Store each article's search document, kept up to date by PostgreSQL, with a GIN index on it.

Ranking search results needs each match's tsvector; computed from the body at query time, that
cost seconds on a thousand long articles. On PostgreSQL a trigger now writes the document to
articles_searchdocument whenever an article is inserted or its text updated, whatever does it
(save, QuerySet.update, bulk_create, raw SQL), so it is never stale. It replaces 0003's
expression index. articles.models.SearchDocument says why the documents have a table of their
own. On SQLite the table stays empty; searches there use a plain fallback.
"""

import django.db.models.deletion
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models
from django.db.models.sql import Query

from articles.models import search_document

EXPRESSION_INDEX = "article_search_document"  # 0003's
DOCUMENT_INDEX = "article_search_document_gin"
REFRESH = "articles_search_document_refresh"  # the trigger and its function

TRIGGER_SQL = """
CREATE FUNCTION {refresh}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {documents} (article_id, document)
    SELECT id, {document} FROM {articles} WHERE id = NEW.id
    ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document;
    RETURN NULL;
END
$$;
CREATE TRIGGER {refresh} AFTER INSERT OR UPDATE OF title, dek, body_markdown ON {articles}
    FOR EACH ROW EXECUTE FUNCTION {refresh}();
"""


def document_sql(schema_editor, Article):
    """search_document() as SQL over the article table's own columns, literals inlined."""
    query = Query(Article, alias_cols=False)
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = compiler.compile(search_document().resolve_expression(query))
    return sql % tuple(map(schema_editor.quote_value, params))


def start_keeping_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    SearchDocument = apps.get_model("articles", "SearchDocument")
    quote = schema_editor.quote_name
    articles, documents = quote(Article._meta.db_table), quote(SearchDocument._meta.db_table)
    document = document_sql(schema_editor, Article)
    # Kept in the row where it fits (not compressed or moved out to TOAST): a search reads
    # the document of every match, and fetching each from TOAST cost several times more.
    schema_editor.execute(f"ALTER TABLE {documents} ALTER COLUMN document SET STORAGE MAIN")
    schema_editor.execute(
        f"INSERT INTO {documents} (article_id, document) SELECT id, {document} FROM {articles}"
    )
    schema_editor.execute(
        TRIGGER_SQL.format(
            refresh=quote(REFRESH), articles=articles, documents=documents, document=document
        ),
        params=None,
    )
    schema_editor.remove_index(Article, GinIndex(search_document(), name=EXPRESSION_INDEX))
    # Without fastupdate, a write goes straight into the index rather than into a pending list
    # that every search must also scan until a vacuum merges it: documents change only when
    # an article's text does, and are searched far more often.
    schema_editor.add_index(
        SearchDocument, GinIndex(fields=["document"], name=DOCUMENT_INDEX, fastupdate=False)
    )


def stop_keeping_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    articles, refresh = map(schema_editor.quote_name, (Article._meta.db_table, REFRESH))
    schema_editor.execute(f"DROP TRIGGER {refresh} ON {articles}")
    schema_editor.execute(f"DROP FUNCTION {refresh}()")
    schema_editor.add_index(Article, GinIndex(search_document(), name=EXPRESSION_INDEX))
    # The documents' table and its index go with the model.


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_search_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("document", SearchVectorField()),
            ],
            options={
                "verbose_name": "search index entry",
                "verbose_name_plural": "search index entries",
            },
        ),
        migrations.RunPython(start_keeping_documents, stop_keeping_documents),
    ]
