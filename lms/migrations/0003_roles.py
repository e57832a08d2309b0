"""The role groups. Staff roles may enter the Wagtail admin; trainees may not.
What each role may see is further cut down by its scope (lms.scoping)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = [
    ("Trainee", False),
    ("Instructor", True),
    ("Institution admin", True),
    ("Workshop leader", False),
    ("Judge", True),
    ("HR officer", True),
    ("Culture officer", True),
]

# (role, app label, codename): model permissions each role holds.
MODEL_PERMISSIONS = [
    ("Instructor", "lms", "view_institution"),
    ("Institution admin", "lms", "view_institution"),
    ("Institution admin", "lms", "change_institution"),
    ("HR officer", "lms", "view_institution"),
    ("HR officer", "lms", "view_region"),
    ("Culture officer", "lms", "view_institution"),
    ("Culture officer", "lms", "view_region"),
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    for name, enters_admin in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        if enters_admin:
            group.permissions.add(access_admin)

    # Model permissions are normally created after migrating; they are needed now.
    app_config = apps.get_app_config("lms")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for role, app_label, codename in MODEL_PERMISSIONS:
        Group.objects.get(name=role).permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[n for n, _ in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0002_platform"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
