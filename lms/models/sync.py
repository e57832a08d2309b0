"""When a row last changed, for other systems that sync incrementally (the REST
API's ``updated_since``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TracksUpdates(models.Model):
    """A row with ``updated_at``, set on every save, including a save limited to
    some fields (``save(update_fields=…)``, which Django's ``auto_now`` would skip).
    A bulk ``QuerySet.update()`` must set it itself."""

    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)
