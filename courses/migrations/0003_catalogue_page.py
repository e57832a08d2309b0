"""The public course catalogue, a child of the home page."""

from django.db import migrations


def create_catalogue(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    CatalogueIndexPage = apps.get_model("courses", "CatalogueIndexPage")
    home = Page.objects.filter(depth=2).order_by("path").first()
    if home is None or CatalogueIndexPage.objects.exists():
        return
    page_type, _ = ContentType.objects.get_or_create(
        app_label="courses", model="catalogueindexpage"
    )
    # treebeard's path: the next free four-character step under the home page.
    last = Page.objects.filter(depth=3, path__startswith=home.path).order_by("-path").first()
    step = int(last.path[-4:], 36) + 1 if last else 1
    path = home.path + format_step(step)
    CatalogueIndexPage.objects.create(
        title="课程",
        draft_title="课程",
        slug="courses",
        content_type=page_type,
        path=path,
        depth=3,
        numchild=0,
        url_path=f"{home.url_path}courses/",
        locale_id=home.locale_id,
        show_in_menus=True,
        intro="<p>按培训方式、非遗门类、技艺、等级和地区查找课程。</p>",
    )
    home.numchild = Page.objects.filter(depth=3, path__startswith=home.path).count()
    home.save(update_fields=["numchild"])


def format_step(number: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = alphabet[remainder] + digits
    return digits.rjust(4, "0")


class Migration(migrations.Migration):
    dependencies = [("courses", "0002_courses_and_lessons"), ("lms", "0005_home_page")]

    operations = [migrations.RunPython(create_catalogue, migrations.RunPython.noop)]
