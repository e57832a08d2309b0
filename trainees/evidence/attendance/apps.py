from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "trainees.evidence.attendance"
    label = "attendance"
    verbose_name = _("Attendance (考勤)")

    def ready(self):
        from trainees.evidence.attendance import receivers  # noqa: F401
