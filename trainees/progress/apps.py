from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "trainees.progress"
    label = "progress"
    verbose_name = _("Learning progress")

    def ready(self):
        # The completion rule listens for ``trainees.signals.evidence_changed``.
        from trainees.progress import completion  # noqa: F401
