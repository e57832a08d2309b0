from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "trainees.attendance"
    label = "attendance"
    verbose_name = _("Attendance (考勤)")

    def ready(self):
        from trainees.attendance import receivers  # noqa: F401
