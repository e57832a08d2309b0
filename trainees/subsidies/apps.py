from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "trainees.subsidies"
    label = "subsidies"
    verbose_name = _("Subsidies and claims (补贴申领)")
