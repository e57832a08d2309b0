"""HR officers read the working-day calendar and may keep it; the admin lets only
those of a whole province change it (NationalCalendarPolicy), since it governs the
review deadlines of every region."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "view_calendarday",
    "add_calendarday",
    "change_calendarday",
    "delete_calendarday",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("subsidies")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="HR officer").permissions.add(
        *Permission.objects.filter(
            content_type__app_label="subsidies", codename__in=CODENAMES
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="HR officer").permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="subsidies", codename__in=CODENAMES
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("subsidies", "0004_seed_holidays_2025_2026"),
        ("lms", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
