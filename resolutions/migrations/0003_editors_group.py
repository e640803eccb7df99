"""The Editors group: maintains the goals framework, reads documents and sessions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
# A snapshot of the group's rights when it was created; later changes get migrations of their own.
PERMISSIONS = {
    "goal": ["add", "change", "view"],
    "goaltitle": ["add", "change", "view"],
    "subgoal": ["add", "change", "view"],
    "subgoaltext": ["add", "change", "view"],
    "theme": ["add", "change", "view"],
    "goalsdglink": ["add", "change", "view"],
    "document": ["view"],
    "session": ["view"],
}


def create_group(apps, schema_editor):
    db = schema_editor.connection.alias
    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(db).get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for model, actions in PERMISSIONS.items()
                 for action in actions]
    permissions = Permission.objects.using(db).filter(content_type__app_label="resolutions",
                                                      codename__in=codenames)
    assert permissions.count() == len(codenames), "missing permissions"
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(db).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("resolutions", "0002_change_history"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
