from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """A region at a glance: the dashboards and the statistics reported upward.
    It reads every app below it (workshops, training, subsidies, competitions)."""

    name = "reporting"
    verbose_name = _("Region statistics")
