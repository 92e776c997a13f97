"""The "Editors" group: what writing, moderating and sending the newsletter needs, no more.

Editors are staff without superuser rights, so they cannot manage accounts, groups or
permissions. Votes are readers' answers, only read; deliveries change only by a retry.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"

PERMISSIONS = {
    "articles": {
        "article": ["add", "change", "delete", "view"],
        "author": ["add", "change", "delete", "view"],
        "tag": ["add", "change", "delete", "view"],
        "vote": ["view"],
    },
    "comments": {
        # Comments come from readers: editors moderate, correct and delete them.
        "comment": ["change", "delete", "view"],
        "blocklistentry": ["add", "change", "delete", "view"],
    },
    "newsletter": {
        "issue": ["add", "change", "delete", "view"],
        # Subscribers join by confirming; editors unsubscribe, erase and import them.
        "subscriber": ["change", "view"],
        "delivery": ["change", "view"],
    },
}


def create_editors_group(apps, schema_editor):
    # Django creates permissions after all migrations have run; on a new database they must
    # exist already for the group to get them.
    for app_label in PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # None in a migration's state
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(
        Permission.objects.get(
            content_type__app_label=app_label, codename=f"{action}_{model}"
        )
        for app_label, models in PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    )


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
