"""On PostgreSQL, keep article bodies out of the table's main storage.

A row holding the Markdown compressed inline took about 3 KB, so any scan over articles (Read
next's shared-tag count, lists, the next publication) read megabytes for a few hundred short
columns. With a toast_tuple_target of 128 bytes PostgreSQL moves both bodies to the table's
TOAST storage whenever a row is written: the main table shrinks about fifteenfold, and only a
page that shows a body fetches it. Rows written before this keep their layout until they are
next saved (or the table is rewritten with VACUUM FULL).
"""

from django.db import migrations

SMALL_ROWS = "ALTER TABLE articles_article SET (toast_tuple_target = 128)"
DEFAULT_ROWS = "ALTER TABLE articles_article RESET (toast_tuple_target)"


def run_on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_search_document")]

    operations = [
        migrations.RunPython(run_on_postgresql(SMALL_ROWS), run_on_postgresql(DEFAULT_ROWS)),
    ]
