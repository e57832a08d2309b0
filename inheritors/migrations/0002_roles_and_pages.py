"""What the roles may do here, and where the public pages live.

Culture officers keep the ICH register and the workshops; HR officers record
leaders' supports and run master studios. Both see the rest. The workshop and
inheritor index pages are created under the home page, with a media collection for
their photos; culture officers may add and publish pages below them (scoping of
each record page is enforced by inheritors.wagtail_hooks).
"""

import datetime

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"

MODEL_PERMISSIONS = {
    "Culture officer": {
        "ichitem": (VIEW, ADD, CHANGE),
        "ichlisting": (VIEW, ADD, CHANGE, DELETE),
        "inheritor": (VIEW, ADD, CHANGE),
        "inheritorassessment": (VIEW, ADD, CHANGE),
        "transmissionsubsidy": (VIEW, ADD, CHANGE),
        "workshop": (VIEW, ADD, CHANGE),
        "workshopemployment": (VIEW, ADD, CHANGE),
        "workshopemployee": (VIEW, ADD, CHANGE),
        "workshopproduct": (VIEW, ADD, CHANGE, DELETE),
        "workshopleader": (VIEW, ADD, CHANGE),
        "leadersupport": (VIEW,),
        "masterstudio": (VIEW,),
        "apprenticeship": (VIEW,),
        "studiograntscheme": (VIEW,),
    },
    "HR officer": {
        "ichitem": (VIEW,),
        "inheritor": (VIEW,),
        "workshop": (VIEW,),
        "workshopemployment": (VIEW,),
        "workshopemployee": (VIEW,),
        "workshopproduct": (VIEW,),
        "workshopleader": (VIEW,),
        "leadersupport": (VIEW, ADD, CHANGE),
        "masterstudio": (VIEW, ADD, CHANGE),
        "apprenticeship": (VIEW, ADD, CHANGE),
        "studiograntscheme": (VIEW, ADD, CHANGE),
    },
}

INDEX_PAGES = [
    (
        "workshopindexpage",
        "WorkshopIndexPage",
        "非遗工坊",
        "workshops",
        "<p>依托非遗代表性项目和传统工艺、带动当地群众就近就业的非遗工坊，"
        "以及它们的产品目录。</p>",
    ),
    (
        "inheritorindexpage",
        "InheritorIndexPage",
        "非遗传承人",
        "inheritors",
        "<p>国家级、省级、市级和县级非物质文化遗产代表性传承人。</p>",
    ),
]
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")
COLLECTION_NAME = "非遗工坊与传承人"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4  # treebeard's path step in Wagtail's page tree


def _step(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEP, "0")


def grant_model_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_config = apps.get_app_config("inheritors")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for role, models in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for model, actions in models.items():
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label="inheritors",
                        codename=f"{action}_{model}",
                    )
                )


def add_index_page(apps, home, model_name, class_name, title, slug, intro):
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    model = apps.get_model("inheritors", class_name)
    existing = model.objects.first()
    if existing is not None:
        return existing
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    last = children.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-STEP:], len(ALPHABET)) + 1 if last else 1
    if children.filter(slug=slug).exists():
        slug = f"{slug}-ich"
    content_type, _ = ContentType.objects.get_or_create(
        app_label="inheritors", model=model_name
    )
    now = datetime.datetime.now(datetime.timezone.utc)
    page = model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=content_type,
        path=home.path + _step(number),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{slug}/",
        locale_id=home.locale_id,
        live=True,
        show_in_menus=True,
        first_published_at=now,
        last_published_at=now,
        intro=intro,
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())
    return page


def create_pages_and_collection(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    officers, _ = Group.objects.get_or_create(name="Culture officer")

    home_type = ContentType.objects.filter(app_label="lms", model="homepage").first()
    home = Page.objects.filter(content_type=home_type).first() if home_type else None
    if home is not None:
        for spec in INDEX_PAGES:
            page = add_index_page(apps, home, *spec)
            for codename in PAGE_PERMISSIONS:
                GroupPagePermission.objects.get_or_create(
                    group=officers,
                    page_id=page.pk,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )

    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    collection = Collection.objects.filter(name=COLLECTION_NAME, depth=2).first()
    if collection is None:
        siblings = Collection.objects.filter(depth=2).order_by("-path")
        last = siblings.values_list("path", flat=True).first()
        number = int(last[-STEP:], len(ALPHABET)) + 1 if last else 1
        collection = Collection.objects.create(
            name=COLLECTION_NAME,
            path=root.path + _step(number),
            depth=2,
            numchild=0,
        )
        Collection.objects.filter(pk=root.pk).update(numchild=siblings.count())
    image_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailimages", model="image"
    )
    for codename in IMAGE_PERMISSIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=image_type,
            codename=codename,
            defaults={"name": codename.replace("_", " ").capitalize()},
        )
        GroupCollectionPermission.objects.get_or_create(
            group=officers, collection=collection, permission=permission
        )


def forwards(apps, schema_editor):
    grant_model_permissions(apps)
    create_pages_and_collection(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("inheritors", "0001_initial"),
        ("lms", "0005_home_page"),
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
