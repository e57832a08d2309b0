"""Officers read and register people in their region; the masked numbers are all
they see."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "HR officer": ["view_person", "add_person", "change_person"],
    "Culture officer": ["view_person", "add_person", "change_person"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("lms")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in PERMISSIONS.items():
        Group.objects.get(name=role).permissions.add(
            *Permission.objects.filter(content_type__app_label="lms", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("lms", "0006_person")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
