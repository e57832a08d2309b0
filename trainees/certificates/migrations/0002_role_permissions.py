"""Institutions issue, record and revoke their certificates; instructors read them;
HR officers read them and record certificates issued elsewhere (subsidies depend on
them); culture officers read them. Each within their scope."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("Instructor", ["view_certificate"]),
    (
        "Institution admin",
        ["view_certificate", "add_certificate", "change_certificate"],
    ),
    ("HR officer", ["view_certificate", "add_certificate"]),
    ("Culture officer", ["view_certificate"]),
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("certificates")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in PERMISSIONS:
        Group.objects.get(name=role).permissions.add(
            *Permission.objects.filter(
                content_type__app_label="certificates", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial"), ("lms", "0003_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
