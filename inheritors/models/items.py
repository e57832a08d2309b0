"""Representative ICH items (非遗代表性项目) and their listings (名录), four levels."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from lms import policy
from lms.ich import IchCategory
from lms.scoping import ScopedQuerySet

# Item codes carry the category as a Roman numeral: Ⅷ-25 is the 25th item of Ⅷ.
NUMERALS = {
    "I": "Ⅰ",
    "II": "Ⅱ",
    "III": "Ⅲ",
    "IV": "Ⅳ",
    "V": "Ⅴ",
    "VI": "Ⅵ",
    "VII": "Ⅶ",
    "VIII": "Ⅷ",
    "IX": "Ⅸ",
    "X": "Ⅹ",
}
CODE_PATTERN = r"^(Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|Ⅵ|Ⅶ|Ⅷ|Ⅸ|Ⅹ)-[0-9]{1,4}$"
# Skill-type items (技能型): an inheritor of one may lead a skill master studio.
SKILL_CATEGORIES = frozenset(
    {
        IchCategory.TRADITIONAL_ART,
        IchCategory.TRADITIONAL_CRAFTS,
        IchCategory.TRADITIONAL_MEDICINE,
    }
)


class IchLevel(models.TextChoices):
    """The four levels of the list system (四级名录体系), highest first."""

    NATIONAL = "national", _("National (国家级)")
    PROVINCIAL = "provincial", _("Provincial (省级)")
    MUNICIPAL = "municipal", _("Municipal (市级)")
    COUNTY = "county", _("County (县级)")


def list_authority(level: str, region_code: str) -> str | None:
    """The region whose list an item of this level, held in this region, is on:
    none for the national list, else the province, prefecture or county."""
    if level == IchLevel.NATIONAL:
        return None
    if level == IchLevel.PROVINCIAL:
        return region_code[:2] + "0000"
    if level == IchLevel.MUNICIPAL:
        return region_code[:4] + "00"
    return region_code


def category_matches_code() -> Q:
    """The code's numeral is the category's: Ⅷ-25 is an item of category VIII."""
    condition = Q()
    for category, numeral in NUMERALS.items():
        condition |= Q(category=category, code__startswith=f"{numeral}-")
    return condition


class IchItemQuerySet(ScopedQuerySet):
    """Items are scoped through their listings: visible where they are held."""

    region_lookup = "listings__region__code"
    institution_lookup = None

    def in_scope(self, user) -> IchItemQuerySet:
        if policy.sees_everything(user):
            return self.all()
        listings = IchListing.objects.in_scope(user)
        return self.filter(pk__in=listings.values("item_id"))

    def relevant_to(self, user) -> IchItemQuerySet:
        """Items a user may link a record to: those held in their region, in a
        region above it, or in one below it (a county relies on its city's items)."""
        if policy.sees_everything(user):
            return self.all()
        held = self.model.objects.filter(
            listings__region__in=policy.related_regions(user)
        )
        return self.filter(pk__in=held.values("pk"))


class IchItem(ClusterableModel):
    """A representative ICH item (非遗代表性项目) on one list: the national list, or
    a province's, prefecture's or county's own. Codes are unique within a list."""

    code = models.CharField(
        _("item code"),
        max_length=12,
        help_text=_("Roman numeral of the category, a hyphen, a number: Ⅷ-25."),
    )
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(
        _("category"), max_length=4, choices=IchCategory.choices
    )
    level = models.CharField(_("level"), max_length=12, choices=IchLevel.choices)
    list_region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("list of"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province, prefecture or county whose list this is."),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = IchItemQuerySet.as_manager()

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("ICH item")
        verbose_name_plural = _("ICH items")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(level="national"),
                name="ich_item_national_code_unique",
                violation_error_message=_("The national list already has this code."),
            ),
            models.UniqueConstraint(
                fields=["level", "list_region", "code"],
                condition=~Q(level="national"),
                name="ich_item_local_code_unique",
                violation_error_message=_("This list already has this code."),
            ),
            models.CheckConstraint(
                condition=Q(level="national", list_region__isnull=True)
                | (~Q(level="national") & Q(list_region__isnull=False)),
                name="ich_item_list_region_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=CODE_PATTERN),
                name="ich_item_code_format",
                violation_error_message=_("An item code looks like Ⅷ-25."),
            ),
            models.CheckConstraint(
                condition=category_matches_code(),
                name="ich_item_category_matches_code",
                violation_error_message=_(
                    "The code's numeral must be the category's numeral."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_skill_type(self) -> bool:
        return self.category in SKILL_CATEGORIES

    @property
    def numeral(self) -> str:
        return NUMERALS.get(self.category, "")

    def listing_summary(self) -> str:
        return "; ".join(
            _("%(region)s, batch %(batch)s (%(year)s), %(unit)s")
            % {
                "region": listing.region.name,
                "batch": listing.batch,
                "year": listing.year,
                "unit": listing.protection_unit,
            }
            for listing in self.listings.all()
        )

    listing_summary.short_description = _("listings")


class IchListingQuerySet(ScopedQuerySet):
    region_lookup = "region__code"
    institution_lookup = None


class IchListing(models.Model):
    """One listing of an item (名录): the region that holds it, its batch, and its
    protection unit (保护单位). A national item is listed for many regions."""

    class Type(models.TextChoices):
        NEW = "new", _("New item (新增项目)")
        EXTENSION = "extension", _("Extension (扩展项目)")

    item = ParentalKey(
        IchItem,
        verbose_name=_("item"),
        on_delete=models.CASCADE,
        related_name="listings",
    )
    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="ich_listings",
    )
    batch = models.PositiveSmallIntegerField(_("batch"))
    year = models.PositiveSmallIntegerField(_("year published"))
    listing_type = models.CharField(
        _("type"), max_length=10, choices=Type.choices, default=Type.NEW
    )
    protection_unit = models.CharField(_("protection unit"), max_length=200)

    objects = IchListingQuerySet.as_manager()

    class Meta:
        ordering = ["item", "batch", "region"]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "region", "batch"],
                name="ich_listing_unique",
                violation_error_message=_(
                    "This item is already listed for this region in this batch."
                ),
            ),
            models.CheckConstraint(
                condition=Q(batch__gte=1), name="ich_listing_batch_positive"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="ich_listing_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.region_id} · {self.batch}"
