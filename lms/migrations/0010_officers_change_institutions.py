"""Culture and HR officers change the institutions in their region: the name,
credit code and region of an institution are theirs to change, not the
institution's own staff's (lms.policy.may_change_institution_identity)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["HR officer", "Culture officer"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("lms")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    change = Permission.objects.get(content_type__app_label="lms", codename="change_institution")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(change)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    change = Permission.objects.filter(
        content_type__app_label="lms", codename="change_institution"
    ).first()
    if change is not None:
        for group in Group.objects.filter(name__in=ROLES):
            group.permissions.remove(change)


class Migration(migrations.Migration):
    dependencies = [("lms", "0009_status_period_labels")]

    operations = [migrations.RunPython(grant, revoke)]
