"""On PostgreSQL, keep long article bodies out of the table's main storage.

PostgreSQL starts moving a row's values out of line once the row passes about 2 KB. It then
stops at toast_tuple_target: by default another 2 KB, so a long article kept its Markdown
compressed inline and took about 3 KB of the main table, and every scan over articles (Read
next's shared-tag count, the lists) read megabytes for a few short columns. At 128 bytes both
bodies of a long article go to the table's TOAST storage: the main table shrinks about
fifteenfold, and only a page that shows a body fetches it. Short articles stay inline, as they
are small anyway. Rows written before this keep their layout until they are next updated (a
vote or comment count does it) or the table is rewritten with VACUUM FULL.
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
