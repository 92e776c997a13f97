"""The Editors group: what writing, moderating and sending the newsletter needs, no more.

Editors are staff without superuser rights, so they cannot manage accounts, groups or
permissions. Votes are readers' answers, only read; deliveries change only by a retry.
A migration creates the group (migrations/0001_editors_group.py); a change to PERMISSIONS
comes with a migration that calls editors_group() again.
"""

from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions

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
        # Suppressions come from providers' reports: editors lift them, with a note.
        "suppression": ["change", "view"],
        "mailevent": ["view"],
    },
    "platforms": {
        "platform": ["add", "change", "delete", "view"],
        "tasktype": ["add", "change", "delete", "view"],
        "credentiallevel": ["add", "change", "delete", "view"],
        "currencyrate": ["add", "change", "delete", "view"],
        # Pay reports come from readers: editors judge them, never write or rewrite them.
        "payreport": ["change", "view"],
        "tierchange": ["view"],
    },
}


def editors_group(apps=installed_apps):
    """The Editors group with exactly PERMISSIONS, created or put back in line.

    `apps` is a migration's historical registry when a migration calls it; a model that does
    not exist yet there is left for the migration that adds it.
    """
    # An app without models yet in a migration's registry is left for its own migration.
    app_labels = [
        label for label in PERMISSIONS if label in {c.label for c in apps.get_app_configs()}
    ]
    for app_label in app_labels:
        # Django creates permissions after all migrations have run; the group needs them now.
        app_config = apps.get_app_config(app_label)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # None in a migration's registry
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    wanted = [
        (app_label, f"{action}_{model}")
        for app_label in app_labels
        for model, actions in PERMISSIONS[app_label].items()
        if model in {m._meta.model_name for m in apps.get_app_config(app_label).get_models()}
        for action in actions
    ]
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in wanted
    )
    return group
