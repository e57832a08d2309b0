from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InheritorsConfig(AppConfig):
    name = "inheritors"
    verbose_name = _("ICH items, inheritors and workshops")
