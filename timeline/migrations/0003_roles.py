"""Create the Reporter and Editor groups with their permissions.

Reporters add and edit drafts, and may move their drafts to the trash; they cannot
publish, and cannot change or delete published events (the admin checks that per
object). Editors may do everything in Dateline, including publishing and timelines.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = {
    "event": ["add", "change", "delete", "view"],
    "eventsource": ["add", "change", "delete", "view"],
    "count": ["add", "change", "delete", "view"],
    "eventactor": ["add", "change", "delete", "view"],
    "place": ["add", "change", "view"],
    "actor": ["add", "change", "view"],
    "source": ["add", "change", "view"],
    "eventtype": ["view"],
    "timeline": ["view"],
    "timelineevent": ["view"],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    dateline = Permission.objects.filter(content_type__app_label="timeline")

    reporter, _ = Group.objects.get_or_create(name="Reporter")
    codenames = [f"{action}_{model}" for model, actions in REPORTER.items() for action in actions]
    reporter.permissions.set(dateline.filter(codename__in=codenames))

    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(dateline)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reporter", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0002_event_types"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
