"""Skill master studios (技能大师工作室): leader, host unit, funding tranches, yearly
targets against what was achieved, master–apprentice pairs and outputs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from lms.scoping import ScopedQuerySet
from lms.skills import SkillLevel
from lms.validators import NormalisedCharField, validate_credit_code

# High-skilled talent (高技能人才): senior worker (高级工) and above.
HIGH_SKILLED = SkillLevel.LEVEL_3
# A studio's leader holds technician (技师) or above, unless a skill-type inheritor.
LEADER_MINIMUM = SkillLevel.LEVEL_2


class StudioLevel(models.TextChoices):
    NATIONAL = "national", _("National (国家级)")
    PROVINCIAL = "provincial", _("Provincial (省级)")
    MUNICIPAL = "municipal", _("Municipal (市级)")


def validate_shares(value: str) -> None:
    """Percentages of the grant paid in each tranche, e.g. "50,50"; they add to 100."""
    try:
        shares = [int(part) for part in value.split(",")]
    except ValueError:
        raise ValidationError(
            _("Write whole percentages separated by commas, e.g. 50,50."),
            code="format",
        ) from None
    if not shares or any(share <= 0 for share in shares) or sum(shares) != 100:
        raise ValidationError(
            _("The tranche percentages must be positive and add up to 100."),
            code="sum",
        )


class GrantSchemeQuerySet(ScopedQuerySet):
    region_lookup = "region__code"
    institution_lookup = None

    def for_studio(self, *, level: str, region_code: str) -> StudioGrantScheme | None:
        """The most specific scheme for a studio: its province's (or prefecture's),
        else the nationwide default of its level."""
        candidates = [
            scheme
            for scheme in self.filter(level=level).select_related("region")
            if scheme.region is None or region_code.startswith(scheme.region.prefix)
        ]
        candidates.sort(key=lambda s: len(s.region.prefix) if s.region else 0)
        return candidates[-1] if candidates else None


class StudioGrantScheme(models.Model):
    """The funding configured for studios of one level (资助标准): nationwide, or
    for one province or prefecture, paid in tranches. Amounts are local."""

    level = models.CharField(_("level"), max_length=12, choices=StudioLevel.choices)
    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for the nationwide default of this level."),
    )
    amount = models.DecimalField(_("grant (yuan)"), max_digits=12, decimal_places=2)
    tranche_shares = models.CharField(
        _("tranches (%)"),
        max_length=50,
        default="100",
        validators=[validate_shares],
        help_text=_("Share of the grant paid in each tranche, e.g. 50,50."),
    )

    objects = GrantSchemeQuerySet.as_manager()

    class Meta:
        ordering = ["level", "region"]
        verbose_name = _("studio grant scheme")
        verbose_name_plural = _("studio grant schemes")
        constraints = [
            models.UniqueConstraint(
                fields=["level"],
                condition=Q(region__isnull=True),
                name="studio_grant_one_default_per_level",
                violation_error_message=_("This level already has a default grant."),
            ),
            models.UniqueConstraint(
                fields=["level", "region"],
                condition=Q(region__isnull=False),
                name="studio_grant_one_per_level_and_region",
                violation_error_message=_(
                    "This region already has a grant for this level."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="studio_grant_positive"
            ),
        ]

    def __str__(self) -> str:
        where = self.region.name if self.region else _("nationwide")
        return f"{self.get_level_display()} · {where} · ¥{self.amount:,.0f}"

    def tranche_amounts(self) -> list[Decimal]:
        """The grant split by the shares; the last tranche takes the rounding."""
        shares = [int(part) for part in self.tranche_shares.split(",")]
        amounts = [
            (self.amount * share / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
            for share in shares[:-1]
        ]
        return [*amounts, self.amount - sum(amounts, Decimal(0))]


class StudioQuerySet(ScopedQuerySet):
    region_lookup = "region__code"
    institution_lookup = None


@dataclass(frozen=True)
class YearResult:
    """A studio's target for one year beside what it achieved."""

    year: int
    trained_target: int
    high_skilled_target: int
    trained: int
    high_skilled: int

    @property
    def met(self) -> bool:
        return (
            self.trained >= self.trained_target
            and self.high_skilled >= self.high_skilled_target
        )


class MasterStudio(ClusterableModel):
    """A skill master studio (技能大师工作室) led by a technician or above, or by a
    skill-type ICH inheritor, at a host unit that provides its space."""

    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=12, choices=StudioLevel.choices)
    recognised_on = models.DateField(_("recognised on"))
    leader = models.ForeignKey(
        "lms.Person",
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="master_studios",
    )
    leader_skill_level = models.PositiveSmallIntegerField(
        _("leader's skill level"), choices=SkillLevel.choices, null=True, blank=True
    )
    leader_inheritor = models.ForeignKey(
        "inheritors.Inheritor",
        verbose_name=_("leader as ICH inheritor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="master_studios",
        help_text=_("When the leader qualifies as a skill-type ICH inheritor."),
    )
    host_unit = models.CharField(_("host unit"), max_length=200)
    host_unit_credit_code = NormalisedCharField(
        _("host unit's credit code"),
        max_length=18,
        validators=[validate_credit_code],
    )
    area = models.DecimalField(
        _("area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    workshop = models.ForeignKey(
        "inheritors.Workshop",
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="master_studios",
        help_text=_("The ICH workshop the studio grew from, if any."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StudioQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill master studio")
        verbose_name_plural = _("skill master studios")
        constraints = [
            models.CheckConstraint(
                condition=Q(leader_skill_level__gte=LEADER_MINIMUM)
                | Q(leader_inheritor__isnull=False),
                name="master_studio_leader_qualified",
                violation_error_message=_(
                    "The leader must be a technician (技师) or above, or a "
                    "skill-type ICH inheritor."
                ),
            ),
            models.CheckConstraint(
                condition=Q(area__isnull=True) | Q(area__gt=0),
                name="master_studio_area_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def grant_scheme(self) -> StudioGrantScheme | None:
        return StudioGrantScheme.objects.for_studio(
            level=self.level, region_code=self.region_id
        )

    def funding_total(self) -> Decimal:
        return self.tranches.aggregate(total=Sum("amount"))["total"] or Decimal(0)

    funding_total.short_description = _("funding")

    def achieved(self, year: int) -> tuple[int, int]:
        """People trained in a year and, of them, high-skilled: apprentices paired
        during the year plus the trainees recorded as outputs."""
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        pairs = self.apprenticeships.filter(started_on__lte=end).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=start)
        )
        outputs = self.outputs.filter(
            year=year, kind=StudioOutput.Kind.TRAINEES
        ).aggregate(trained=Sum("quantity"), high=Sum("high_skilled"))
        trained = pairs.count() + (outputs["trained"] or 0)
        high = pairs.filter(level_reached__gte=HIGH_SKILLED).count() + (
            outputs["high"] or 0
        )
        return trained, high

    def results(self) -> list[YearResult]:
        return [
            YearResult(
                target.year,
                target.trained_target,
                target.high_skilled_target,
                *self.achieved(target.year),
            )
            for target in self.targets.order_by("year")
        ]


class StudioFundingTranche(models.Model):
    """One instalment of a studio's grant (资助资金分期拨付)."""

    studio = ParentalKey(
        MasterStudio,
        verbose_name=_("studio"),
        on_delete=models.CASCADE,
        related_name="tranches",
    )
    number = models.PositiveSmallIntegerField(_("tranche"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    department = models.CharField(_("paying department"), max_length=100, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("funding tranche")
        verbose_name_plural = _("funding tranches")
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "number"], name="studio_tranche_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="studio_tranche_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.studio} · {self.number} · ¥{self.amount}"


class StudioTarget(models.Model):
    """What a studio undertakes to achieve in a year (年度目标), e.g. ≥50 people
    trained, of them ≥10 high-skilled."""

    studio = ParentalKey(
        MasterStudio,
        verbose_name=_("studio"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    trained_target = models.PositiveIntegerField(_("people to train"))
    high_skilled_target = models.PositiveIntegerField(_("of them high-skilled"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "year"], name="studio_target_once_a_year"
            ),
            models.CheckConstraint(
                condition=Q(high_skilled_target__lte=F("trained_target")),
                name="studio_target_high_skilled_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.studio} · {self.year}"


class StudioOutput(models.Model):
    """Something a studio produced in a year (成果): a work, a technique recorded,
    or trainees trained outside master–apprentice pairs."""

    class Kind(models.TextChoices):
        WORK = "work", _("Work (作品)")
        TECHNIQUE = "technique", _("Technique recorded (技艺整理)")
        TRAINEES = "trainees", _("Trainees trained (培训学员)")
        INNOVATION = "innovation", _("Technical innovation (技术革新)")

    studio = ParentalKey(
        MasterStudio,
        verbose_name=_("studio"),
        on_delete=models.CASCADE,
        related_name="outputs",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, help_text=_("For trainees: how many were trained.")
    )
    high_skilled = models.PositiveIntegerField(
        _("of them high-skilled"),
        default=0,
        help_text=_("Trainees who reached senior worker (高级工) or above."),
    )

    class Meta:
        ordering = ["-year", "kind"]
        verbose_name = _("studio output")
        verbose_name_plural = _("studio outputs")
        constraints = [
            models.CheckConstraint(
                condition=Q(high_skilled__lte=F("quantity"))
                & (Q(kind="trainees") | Q(high_skilled=0)),
                name="studio_output_high_skilled_only_among_trainees",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ApprenticeshipQuerySet(ScopedQuerySet):
    region_lookup = "studio__region__code"
    institution_lookup = None

    def current(self, *, on: dt.date) -> ApprenticeshipQuerySet:
        return self.filter(started_on__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on)
        )


class Apprenticeship(models.Model):
    """A master–apprentice pair (师带徒) in a studio. The apprentice's courses and
    certificates are read from their Person by the trainee record."""

    studio = models.ForeignKey(
        MasterStudio,
        verbose_name=_("studio"),
        on_delete=models.PROTECT,
        related_name="apprenticeships",
    )
    master = models.ForeignKey(
        "lms.Person",
        verbose_name=_("master"),
        on_delete=models.PROTECT,
        related_name="apprentices_taught",
    )
    apprentice = models.ForeignKey(
        "lms.Person",
        verbose_name=_("apprentice"),
        on_delete=models.PROTECT,
        related_name="apprenticeships",
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    level_at_start = models.PositiveSmallIntegerField(
        _("skill level at start"), choices=SkillLevel.choices, null=True, blank=True
    )
    level_reached = models.PositiveSmallIntegerField(
        _("skill level reached"), choices=SkillLevel.choices, null=True, blank=True
    )
    note = models.TextField(_("progress note"), blank=True)

    objects = ApprenticeshipQuerySet.as_manager()

    class Meta:
        ordering = ["studio", "-started_on"]
        verbose_name = _("apprenticeship")
        verbose_name_plural = _("apprenticeships")
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "apprentice"],
                condition=Q(ended_on__isnull=True),
                name="apprenticeship_one_open_pair",
                violation_error_message=_(
                    "This apprentice is already learning in this studio."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(apprentice=F("master")),
                name="apprenticeship_not_own_master",
                violation_error_message=_("A master cannot be their own apprentice."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="apprenticeship_ends_after_start",
                violation_error_message=_(
                    "The apprenticeship cannot end before it starts."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.master.real_name} → {self.apprentice.real_name}"
