"""Instructors and institution admins keep their courses' rosters; officers read them
(each within their scope)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("Instructor", ["view_enrolment", "add_enrolment", "change_enrolment"]),
    ("Institution admin", ["view_enrolment", "add_enrolment", "change_enrolment"]),
    ("HR officer", ["view_enrolment"]),
    ("Culture officer", ["view_enrolment"]),
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("trainees")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in PERMISSIONS:
        Group.objects.get(name=role).permissions.add(
            *Permission.objects.filter(
                content_type__app_label="trainees", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [("trainees", "0001_initial"), ("lms", "0003_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
