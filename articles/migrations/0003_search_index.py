"""A GIN index for full-text search, built on PostgreSQL only.

The index is an expression index over articles.models.search_document(). It is not declared in
Article.Meta.indexes because SQLite (used in development) cannot build GIN indexes and rebuilds
tables from Meta when altering them; searches there use a plain fallback instead.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from articles.models import search_document

INDEX_NAME = "article_search_document"


def search_index():
    return GinIndex(search_document(), name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), search_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), search_index())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_votes_revisions_and_alt_text"),
    ]

    operations = [migrations.RunPython(add_index, remove_index)]
