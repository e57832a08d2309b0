"""Instructors and institution admins upload and manage their institution's videos;
HR and culture officers may view those of their region (watch-time evidence behind a
subsidy claim). Each role's scope (lms.scoping) cuts down what it sees."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# role: codenames on media.VideoAsset
PERMISSIONS = {
    "Instructor": ["add_videoasset", "change_videoasset", "view_videoasset"],
    "Institution admin": ["add_videoasset", "change_videoasset", "view_videoasset"],
    "HR officer": ["view_videoasset"],
    "Culture officer": ["view_videoasset"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Model permissions are normally created after migrating; they are needed now.
    app_config = apps.get_app_config("media")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for role, codenames in PERMISSIONS.items():
        Group.objects.get(name=role).permissions.add(
            *Permission.objects.filter(
                content_type__app_label="media", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="media", codename__in=PERMISSIONS[group.name]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0001_initial"),
        ("lms", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
