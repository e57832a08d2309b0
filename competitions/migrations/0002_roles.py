"""Culture and HR officers organise competitions in their region: they hold the
model permissions, and may upload and choose photos of entries' works. What each
sees is cut down to their region by lms.scoping."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ORGANISERS = ["Culture officer", "HR officer"]
CODENAMES = [
    "view_competition",
    "add_competition",
    "change_competition",
    "view_criterion",
    "add_criterion",
    "change_criterion",
    "delete_criterion",
    "view_judgeassignment",
    "add_judgeassignment",
    "change_judgeassignment",
    "delete_judgeassignment",
    "view_declaredrelation",
    "add_declaredrelation",
    "change_declaredrelation",
    "delete_declaredrelation",
    "view_entry",
    "add_entry",
    "change_entry",
    "view_result",
    "view_award",
    "view_promotion",
]
PHOTO_COLLECTION = "Competition entries"
IMAGE_CODENAMES = ["add_image", "choose_image"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    # Model permissions are normally created after migrating; they are needed now.
    app_config = apps.get_app_config("competitions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    permissions = Permission.objects.filter(
        content_type__app_label="competitions", codename__in=CODENAMES
    )

    root = Collection.objects.filter(depth=1).first()
    collection = Collection.objects.filter(name=PHOTO_COLLECTION, depth=2).first()
    if root is not None and collection is None:
        # Treebeard's API is not available on historical models: add the child by hand.
        siblings = Collection.objects.filter(depth=2).order_by("-path")
        last = siblings.first()
        step = int(last.path[-4:], 36) + 1 if last else 1
        path = root.path + _base36(step).rjust(4, "0")
        collection = Collection.objects.create(
            name=PHOTO_COLLECTION, path=path, depth=2, numchild=0
        )
        root.numchild += 1
        root.save(update_fields=["numchild"])
    image_permissions = Permission.objects.filter(
        content_type__app_label="wagtailimages", codename__in=IMAGE_CODENAMES
    )

    for name in ORGANISERS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
        if collection is not None:
            for permission in image_permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )


def _base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    while number:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
    return text or "0"


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="competitions", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=ORGANISERS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0001_initial"),
        ("lms", "0003_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
