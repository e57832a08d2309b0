"""HR officers set policies and rules, record status periods and review claims;
institution admins submit claims; culture officers record status periods (workshop
employees). Full ID numbers in payment lists need a permission granted one by one."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("HR officer", "subsidies", ["view_policy", "add_policy", "change_policy"]),
    ("HR officer", "subsidies", ["view_regionrules", "add_regionrules"]),
    ("HR officer", "subsidies", ["change_regionrules"]),
    ("HR officer", "subsidies", ["view_claim", "change_claim", "view_claimevent"]),
    ("HR officer", "lms", ["view_statusperiod", "add_statusperiod"]),
    ("HR officer", "lms", ["change_statusperiod"]),
    ("Culture officer", "lms", ["view_statusperiod", "add_statusperiod"]),
    ("Culture officer", "subsidies", ["view_policy"]),
    ("Institution admin", "subsidies", ["view_policy", "view_claim", "add_claim"]),
]


def grant(apps, schema_editor):
    for label in ("lms", "subsidies"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, app_label, codenames in PERMISSIONS:
        Group.objects.get(name=role).permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("subsidies", "0001_initial"),
        ("lms", "0008_status_periods"),
        ("lms", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
