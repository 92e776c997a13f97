from django.db import migrations

from breakingeven.editors import editors_group


def update_editors_group(apps, schema_editor):
    editors_group(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("breakingeven", "0001_editors_group"),
        ("newsletter", "0002_suppressions"),
    ]

    operations = [migrations.RunPython(update_editors_group, migrations.RunPython.noop)]
