from django.db import models
from django.utils.translation import gettext_lazy as _

from competitions.choices import AwardKind, SkillLevel
from lms.scoping import ScopedQuerySet


class ResultQuerySet(ScopedQuerySet):
    region_lookup = "entry__competition__region__code"
    institution_lookup = "entry__institution_id"


class Result(models.Model):
    """An entry's result (成绩): totals, standardised score and rank, computed once
    marking is locked and fixed when results are published."""

    entry = models.OneToOneField(
        "competitions.Entry",
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="result",
    )
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2)
    practical = models.DecimalField(_("practical"), max_digits=6, decimal_places=2)
    theory = models.DecimalField(_("theory"), max_digits=6, decimal_places=2)
    standardised = models.DecimalField(
        _("standardised score"), max_digits=7, decimal_places=2
    )
    rank = models.PositiveIntegerField(_("rank"))
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["entry__competition", "rank", "entry__number"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.rank}. {self.entry}"


class AwardQuerySet(ScopedQuerySet):
    region_lookup = "entry__competition__region__code"
    institution_lookup = "entry__institution_id"

    def of_person(self, person):
        return self.filter(person=person)

    def published(self):
        """Awards of competitions whose results are published: the ones that count."""
        return self.filter(entry__competition__status="published")


class Award(models.Model):
    """An award (奖项) to one competitor; the lead links certificates and the
    talent profile to these rows."""

    entry = models.ForeignKey(
        "competitions.Entry",
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="awards",
    )
    person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("competitor"),
        on_delete=models.PROTECT,
        related_name="competition_awards",
    )
    kind = models.CharField(_("award"), max_length=20, choices=AwardKind.choices)

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["entry__competition", "entry__result__rank", "pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "person", "kind"], name="award_given_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.real_name}: {self.get_kind_display()}"


class Promotion(models.Model):
    """A skill-level promotion (晋升) a competitor earns by an award."""

    entry = models.ForeignKey(
        "competitions.Entry",
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="promotions",
    )
    person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("competitor"),
        on_delete=models.PROTECT,
        related_name="competition_promotions",
    )
    from_level = models.CharField(
        _("level held"), max_length=1, choices=SkillLevel.choices, blank=True
    )
    to_level = models.CharField(
        _("promoted to"), max_length=1, choices=SkillLevel.choices
    )

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["entry__competition", "pk"]
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "person"], name="promotion_once_per_competitor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.real_name} → {self.get_to_level_display()}"
