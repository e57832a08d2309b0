from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class XapiConfig(AppConfig):
    """Learning records as xAPI statements, built on the server from verified
    evidence and sent to a learning record store through an outbox."""

    name = "xapi"
    verbose_name = _("Learning records (xAPI)")

    def ready(self):
        from xapi import receivers  # noqa: F401 - connects the receivers
