from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    """The workshops' products in front of buyers: the catalogue, buyers' inquiries,
    consumption assistance, and exhibitions and sales events."""

    name = "market"
    verbose_name = _("Market")
