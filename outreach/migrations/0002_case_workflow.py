"""The outstanding cases' workflow: one step, approval by a culture officer of the
region directly above the case's (``LevelAboveApprovalTask``); and their index
page under the home page, where culture officers add cases (who may publish one,
by approving it, is decided per page by ``CasePermissionTester``)."""

import datetime

from django.db import migrations

WORKFLOW = "Outstanding case approval"
TASK = "Approval by the level above"
GROUP = "Culture officer"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("outreach", "LevelAboveApprovalTask")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="outreach", model="levelaboveapprovaltask"
    )
    task = Task.objects.filter(name=TASK).first()
    if task is None:
        task = Task.objects.create(name=TASK, content_type=task_type, active=True)
    group, _ = Group.objects.get_or_create(name=GROUP)
    task.groups.add(group)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )


ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4  # treebeard's path step in Wagtail's page tree
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def _step(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEP, "0")


def create_index_page(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Index = apps.get_model("outreach", "OutstandingCaseIndexPage")
    home_type = ContentType.objects.filter(app_label="lms", model="homepage").first()
    home = Page.objects.filter(content_type=home_type).first() if home_type else None
    if home is None or Index.objects.exists():
        return
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    last = children.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-STEP:], len(ALPHABET)) + 1 if last else 1
    slug = "cases"
    if children.filter(slug=slug).exists():
        slug = "outstanding-cases"
    content_type, _ = ContentType.objects.get_or_create(
        app_label="outreach", model="outstandingcaseindexpage"
    )
    now = datetime.datetime.now(datetime.timezone.utc)
    title = "优秀案例"
    page = Index.objects.create(
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
        intro="<p>各地非遗工坊和带头人的优秀案例。</p>",
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())
    officers, _ = Group.objects.get_or_create(name=GROUP)
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=officers,
            page_id=page.pk,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("outreach", "LevelAboveApprovalTask").objects.filter(
        name=TASK
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_brands_cases_surveys"),
        ("lms", "0003_roles"),
        ("inheritors", "0002_roles_and_pages"),
    ]

    operations = [
        migrations.RunPython(create_workflow, remove_workflow),
        migrations.RunPython(create_index_page, migrations.RunPython.noop),
    ]
