from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticalConfig(AppConfig):
    name = "trainees.evidence.practical"
    label = "practical"
    verbose_name = _("Practical work (实训作业)")

    def ready(self) -> None:
        from trainees.evidence.practical.uploads import register_upload_purposes

        register_upload_purposes()
