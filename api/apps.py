from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API (/api/v1/) for other systems, and its personal tokens."""

    name = "api"
    verbose_name = _("Data exchange")
