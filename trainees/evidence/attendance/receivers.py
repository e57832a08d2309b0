"""Keeps each enrolment's stored attendance figure in step with its records, however
they change (check-in, check-out, marking by hand, the admin, a correction)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from trainees.evidence.attendance.figures import refresh_attended_seconds
from trainees.evidence.attendance.models import Attendance


@receiver(post_save, sender=Attendance, dispatch_uid="attendance-figure-on-save")
@receiver(post_delete, sender=Attendance, dispatch_uid="attendance-figure-on-delete")
def recount_attendance(sender, instance: Attendance, **kwargs) -> None:
    refresh_attended_seconds([instance.enrolment_id])
