"""Fill the enrolments' new stored attendance figure from the records kept so far."""

from django.db import migrations
from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    Attendance = apps.get_model("attendance", "Attendance")
    Enrolment = apps.get_model("trainees", "Enrolment")
    total = (
        Attendance.objects.filter(enrolment_id=OuterRef("pk"))
        .order_by()
        .values("enrolment_id")
        .annotate(seconds=Sum("credited_seconds"))
        .values("seconds")
    )
    Enrolment.objects.filter(pk__in=Attendance.objects.values("enrolment_id")).update(
        attended_seconds=Coalesce(Subquery(total), Value(0))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0002_role_permissions"),
        ("trainees", "0005_enrolment_attended_seconds"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
