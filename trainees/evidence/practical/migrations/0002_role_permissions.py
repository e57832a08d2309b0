"""Instructors and institution admins grade practical work, author rubrics and score
assessments; officers read them (each within their scope)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF = [
    "view_submission",
    "change_submission",
    "view_rubric",
    "add_rubric",
    "change_rubric",
    "view_assessment",
    "add_assessment",
    "change_assessment",
    "view_assessmentresult",
]
READERS = ["view_submission", "view_rubric", "view_assessment", "view_assessmentresult"]

PERMISSIONS = [
    ("Instructor", STAFF),
    ("Institution admin", STAFF),
    ("HR officer", READERS),
    ("Culture officer", READERS),
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("practical")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in PERMISSIONS:
        Group.objects.get(name=role).permissions.add(
            *Permission.objects.filter(
                content_type__app_label="practical", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [("practical", "0001_initial"), ("lms", "0003_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
