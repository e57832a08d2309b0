import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from competitions.choices import (
    AspectKind,
    Component,
    Department,
    EntryKind,
    Level,
)
from competitions.rules.awards import award_rule_choices
from competitions.rules.ranking import tie_breaker_choices
from competitions.rules.standardisation import standardiser_choices
from lms.ich import IchCategory
from lms.models.sync import TracksUpdates
from lms.scoping import ScopedQuerySet, region_prefix

MAX_TEAM_SIZE = 5


class CompetitionQuerySet(ScopedQuerySet):
    region_lookup = "region__code"
    institution_lookup = None

    def visible_to_public(self):
        return self.exclude(status=Competition.Status.DRAFT)

    def published(self):
        return self.filter(status=Competition.Status.PUBLISHED)


class Competition(TracksUpdates, ClusterableModel):
    """An ICH skills competition (非遗技能竞赛), organised by the culture or HR
    department of a region, from registration to published results."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for registration")
        CLOSED = "closed", _("registration closed")
        JUDGING = "judging", _("judging")
        PUBLISHED = "published", _("results published")

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    ich_category = models.CharField(
        _("ICH category"), max_length=4, choices=IchCategory.choices
    )
    craft = models.CharField(
        _("craft"), max_length=100, help_text=_("The skill contested, e.g. 蜀绣.")
    )
    ich_item_code = models.CharField(
        _("ICH item code"),
        max_length=20,
        blank=True,
        help_text=_("The representative item's code, e.g. Ⅱ-28, if it has one."),
    )
    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("organising region"),
        on_delete=models.PROTECT,
        related_name="competitions",
    )
    photo_collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("photo collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The entries' photos: only staff who may see the competition choose them."
        ),
    )
    department = models.CharField(
        _("organising department"), max_length=8, choices=Department.choices
    )
    organiser = models.CharField(
        _("organiser"), max_length=200, help_text=_("The organising body's full name.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    entry_kind = models.CharField(
        _("entries"), max_length=10, choices=EntryKind.choices, default="individual"
    )
    team_size = models.PositiveSmallIntegerField(
        _("team size"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TEAM_SIZE)],
        help_text=_("Competitors per entry: 1 for individual entries."),
    )
    eligible_region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("competitors from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Only people whose household is registered in this region may enter. "
            "Empty: anyone."
        ),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    requires_institution = models.BooleanField(
        _("entered through an institution"),
        default=False,
        help_text=_("Every entry must name the training institution it comes from."),
    )
    eligibility_notes = models.TextField(_("other eligibility conditions"), blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    schedule = models.TextField(_("schedule"), blank=True)
    judgement_spread_limit = models.PositiveSmallIntegerField(
        _("judgement spread allowed"),
        default=1,
        validators=[MaxValueValidator(3)],
        help_text=_(
            "Judgement scores of one aspect further apart than this are flagged for "
            "discussion."
        ),
    )
    standardiser = models.CharField(
        _("standardisation"),
        max_length=20,
        choices=standardiser_choices,
        default="none",
    )
    award_rule = models.CharField(
        _("award rule"), max_length=20, choices=award_rule_choices, default="percentage"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    scheme_approved_at = models.DateTimeField(
        _("marking scheme approved at"), null=True, blank=True, editable=False
    )
    marking_locked_at = models.DateTimeField(
        _("marking locked at"), null=True, blank=True, editable=False
    )
    marking_locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marking locked by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    results_published_at = models.DateTimeField(
        _("results published at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")),
                name="competition_window_in_order",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="competition_days_in_order",
                violation_error_message=_("The last day cannot be before the first."),
            ),
            models.CheckConstraint(
                condition=Q(entry_kind="individual", team_size=1)
                | Q(entry_kind="team", team_size__gte=2, team_size__lte=MAX_TEAM_SIZE),
                name="competition_team_size_fits_kind",
                violation_error_message=_(
                    "Individual entries have one competitor; teams have 2 to 5."
                ),
            ),
            models.CheckConstraint(
                condition=Q(marking_locked_at__isnull=True)
                | Q(status__in=["judging", "published"]),
                name="competition_locked_only_when_judged",
            ),
            models.CheckConstraint(
                condition=Q(status="published", results_published_at__isnull=False)
                | (~Q(status="published") & Q(results_published_at__isnull=True)),
                name="competition_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(marking_locked_at__isnull=False),
                name="competition_published_after_locking",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.min_age and self.max_age and self.min_age > self.max_age:
            errors["max_age"] = _("The maximum age is below the minimum age.")
        if self.entry_kind == EntryKind.INDIVIDUAL and self.team_size != 1:
            errors["team_size"] = _("Individual entries have exactly one competitor.")
        if self.entry_kind == EntryKind.TEAM and self.team_size < 2:
            errors["team_size"] = _("A team has at least two competitors.")
        closes, starts = self.registration_closes_at, self.starts_on
        if closes and starts and timezone.localdate(closes) > starts:
            errors["registration_closes_at"] = _(
                "Registration must close by the first day of the competition."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_team(self) -> bool:
        return self.entry_kind == EntryKind.TEAM

    @property
    def marking_locked(self) -> bool:
        return self.marking_locked_at is not None

    def registration_is_open(self, now: dt.datetime) -> bool:
        return (
            self.status == self.Status.OPEN
            and self.registration_opens_at <= now < self.registration_closes_at
        )

    def admits_region(self, code: str | None) -> bool:
        if self.eligible_region_id is None:
            return True
        return bool(code) and code.startswith(region_prefix(self.eligible_region_id))


class CompetitionTieBreaker(Orderable):
    """One rule in a competition's ordered list of tie-breakers (并列名次的处理)."""

    competition = ParentalKey(
        Competition, on_delete=models.CASCADE, related_name="tie_breakers"
    )
    rule = models.CharField(_("rule"), max_length=20, choices=tie_breaker_choices)

    class Meta(Orderable.Meta):
        verbose_name = _("tie-breaker")
        verbose_name_plural = _("tie-breakers")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "rule"],
                name="tie_breaker_once_per_competition",
                violation_error_message=_("Each tie-breaker can be listed once."),
            )
        ]

    def __str__(self) -> str:
        return self.get_rule_display()


class CriterionQuerySet(ScopedQuerySet):
    region_lookup = "competition__region__code"
    institution_lookup = None


class Criterion(ClusterableModel):
    """A criterion (评分模块) of a competition's marking scheme: a group of aspects,
    worth the sum of their maximum marks."""

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    code = models.CharField(_("code"), max_length=4, help_text=_("A, B, C …"))
    name = models.CharField(_("name"), max_length=200)
    component = models.CharField(
        _("component"), max_length=10, choices=Component.choices, default="practical"
    )

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "code"]
        verbose_name = _("marking criterion")
        verbose_name_plural = _("marking criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "code"],
                name="criterion_code_unique_in_competition",
                violation_error_message=_("This competition already has this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def weight(self) -> Decimal:
        return sum((a.max_mark for a in self.aspects.all()), Decimal(0))

    weight.fget.short_description = _("maximum marks")


class Aspect(Orderable):
    """One aspect (评分要素) of a criterion: a measurement (marked in full, in part or
    not) or a judgement (each judge scores 0–3)."""

    criterion = ParentalKey(Criterion, on_delete=models.CASCADE, related_name="aspects")
    description = models.CharField(_("description"), max_length=255)
    kind = models.CharField(_("type"), max_length=12, choices=AspectKind.choices)
    max_mark = models.DecimalField(
        _("maximum mark"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    guidance = models.TextField(
        _("marking guidance"),
        blank=True,
        help_text=_(
            "Judgement: what 0, 1, 2 and 3 mean. Measurement: when the mark is "
            "awarded in full or in part."
        ),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("aspect")
        verbose_name_plural = _("aspects")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_mark__gt=0) & Q(max_mark__lte=100),
                name="aspect_max_mark_in_range",
                violation_error_message=_("A maximum mark is above 0 and at most 100."),
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_judgement(self) -> bool:
        return self.kind == AspectKind.JUDGEMENT
