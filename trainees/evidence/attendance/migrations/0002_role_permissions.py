"""Institution staff and department officers read attendance in the admin (each
within their scope); it is written by scanning codes and by the services."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("Instructor", ["view_attendance"]),
    ("Institution admin", ["view_attendance"]),
    ("HR officer", ["view_attendance"]),
    ("Culture officer", ["view_attendance"]),
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("attendance")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in PERMISSIONS:
        Group.objects.get(name=role).permissions.add(
            *Permission.objects.filter(
                content_type__app_label="attendance", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_initial"), ("lms", "0003_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
