"""The outstanding cases' workflow: one step, approval by a culture officer of the
region directly above the case's (``LevelAboveApprovalTask``)."""

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


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("outreach", "LevelAboveApprovalTask").objects.filter(
        name=TASK
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_brands_cases_surveys"),
        ("lms", "0003_roles"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
