from django.db import migrations

from breakingeven.editors import EDITORS, editors_group


def create_editors_group(apps, schema_editor):
    editors_group(apps)


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0005_bodies_out_of_line"),
        ("comments", "0003_drop_unused_visitor_index"),
        ("newsletter", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
