from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """What the workshops own and show, and what they report: brands and
    intellectual property, outstanding cases, and the departments' regular surveys."""

    name = "outreach"
    verbose_name = _("Brands, cases and surveys")
