"""Instructors and institution admins author their courses' quizzes and read the
attempts; officers read both (each within their scope)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHORING = [
    "view_quiz",
    "add_quiz",
    "change_quiz",
    "delete_quiz",
    "view_question",
    "add_question",
    "change_question",
    "delete_question",
    "view_attempt",
]
READING = ["view_quiz", "view_question", "view_attempt"]
PERMISSIONS = [
    ("Instructor", AUTHORING),
    ("Institution admin", AUTHORING),
    ("HR officer", READING),
    ("Culture officer", READING),
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("quizzes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in PERMISSIONS:
        Group.objects.get(name=role).permissions.add(
            *Permission.objects.filter(
                content_type__app_label="quizzes", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0001_initial"), ("lms", "0003_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
