"""Imports of the population lists (脱贫人口, 防返贫监测对象) that a rural
revitalization officer uploads: the source of the status periods they create."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.scoping import ScopedQuerySet


class PopulationImportQuerySet(ScopedQuerySet):
    region_lookup = "region__code"
    institution_lookup = None


class PopulationImport(models.Model):
    """One uploaded list, imported whole: who uploaded which file, when, for which
    region, and what it created. Its status periods name it as their source."""

    file_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(
        _("file"),
        upload_to="population-lists/%Y/%m/",
        max_length=200,
        blank=True,
        help_text=_("The file as uploaded, kept in private storage."),
    )
    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The region of the officer who imported it."),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    people_created = models.PositiveIntegerField(_("people added"), default=0)
    periods_created = models.PositiveIntegerField(_("status periods"), default=0)

    objects = PopulationImportQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("population list import")
        verbose_name_plural = _("population list imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"
