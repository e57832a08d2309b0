from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lms.scoping import ScopedQuerySet, region_prefix
from lms.validators import validate_region_code


class RegionQuerySet(ScopedQuerySet):
    region_lookup = "code"
    institution_lookup = None

    def active(self):
        return self.filter(retired=False)

    def within(self, code: str):
        """This region and every division below it."""
        return self.filter(code__startswith=region_prefix(code))


class Region(models.Model):
    """An administrative division (行政区划) of GB/T 2260: province, prefecture, county.

    Codes are never reused; a division that is abolished keeps its row, marked
    retired, because ID numbers and old records still carry its code.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Prefecture")
        COUNTY = "county", _("County")

    code = models.CharField(
        _("code"), max_length=6, primary_key=True, validators=[validate_region_code]
    )
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_("The division was abolished; its code is kept for old records."),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    @property
    def prefix(self) -> str:
        return region_prefix(self.code)

    @staticmethod
    def level_of(code: str) -> str:
        if code.endswith("0000"):
            return Region.Level.PROVINCE
        if code.endswith("00"):
            return Region.Level.PREFECTURE
        return Region.Level.COUNTY
