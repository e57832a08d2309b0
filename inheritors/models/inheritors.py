"""Representative inheritors (代表性传承人): designation, yearly assessment against a
transmission plan, transmission subsidy and cancellation (文化和旅游部令第3号)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from inheritors.models.items import IchLevel
from lms.models.sync import TracksUpdates
from lms.scoping import ScopedQuerySet

# Two failed assessments without justification make an inheritor eligible for
# cancellation (第二十二条第三项).
FAILURES_FOR_CANCELLATION = 2


class InheritorQuerySet(ScopedQuerySet):
    region_lookup = "region__code"
    institution_lookup = None

    def active(self) -> InheritorQuerySet:
        return self.filter(status=Inheritor.Status.ACTIVE)

    def with_unjustified_failures(self) -> InheritorQuerySet:
        return self.annotate(
            unjustified_failures=Count(
                "assessments",
                filter=Q(
                    assessments__result=InheritorAssessment.Result.FAILED,
                    assessments__failure_justified=False,
                ),
            )
        )

    def eligible_for_cancellation(self) -> InheritorQuerySet:
        """Active inheritors with two or more failed assessments unjustified."""
        return (
            self.active()
            .with_unjustified_failures()
            .filter(unjustified_failures__gte=FAILURES_FOR_CANCELLATION)
        )


class Inheritor(TracksUpdates):
    """A representative inheritor (代表性传承人) of one item, designated at one of the
    four levels. The person is an lms Person; this row is their role."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active (在册)")
        CANCELLED = "cancelled", _("Cancelled (已取消资格)")

    class CancellationGround(models.TextChoices):
        """The statutory grounds of article 22 (第二十二条)."""

        NATIONALITY = "nationality", _("Lost PRC nationality (丧失中华人民共和国国籍)")
        FRAUD = "fraud", _("Qualification obtained by fraud (弄虚作假)")
        FAILED_ASSESSMENTS = (
            "failed_assessments",
            _("Two failed assessments, unjustified (无正当理由两次评估不合格)"),
        )
        MISCONDUCT = (
            "misconduct",
            _("Serious breach of law or social morality (违法或违背社会公德)"),
        )
        WITHDRAWAL = "withdrawal", _("Gave up the title voluntarily (自愿放弃)")
        OTHER = "other", _("Another statutory ground (其他应当取消的情形)")

    person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="inheritor_roles",
    )
    item = models.ForeignKey(
        "inheritors.IchItem",
        verbose_name=_("ICH item"),
        on_delete=models.PROTECT,
        related_name="inheritors",
    )
    level = models.CharField(_("level"), max_length=12, choices=IchLevel.choices)
    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the inheritor is registered, usually their county."),
    )
    designated_year = models.PositiveSmallIntegerField(_("year designated"))
    batch = models.PositiveSmallIntegerField(_("batch"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.ACTIVE,
        editable=False,
    )
    cancellation_ground = models.CharField(
        _("cancellation ground"),
        max_length=20,
        choices=CancellationGround.choices,
        blank=True,
        editable=False,
    )
    cancelled_on = models.DateField(
        _("cancelled on"), null=True, blank=True, editable=False
    )
    cancellation_note = models.TextField(
        _("cancellation note"), blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InheritorQuerySet.as_manager()

    class Meta:
        ordering = ["person__real_name"]
        verbose_name = _("inheritor")
        verbose_name_plural = _("inheritors")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "item", "level"],
                name="inheritor_unique_designation",
                violation_error_message=_(
                    "This person is already an inheritor of this item at this level."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    status="active", cancellation_ground="", cancelled_on__isnull=True
                )
                | (
                    Q(status="cancelled", cancelled_on__isnull=False)
                    & ~Q(cancellation_ground="")
                ),
                name="inheritor_cancellation_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.real_name} · {self.item.name}"

    @property
    def public_name(self) -> str:
        return self.person.real_name

    @property
    def unjustified_failure_count(self) -> int:
        if hasattr(self, "unjustified_failures"):
            return self.unjustified_failures
        return self.assessments.filter(
            result=InheritorAssessment.Result.FAILED, failure_justified=False
        ).count()

    @property
    def is_eligible_for_cancellation(self) -> bool:
        return (
            self.status == self.Status.ACTIVE
            and self.unjustified_failure_count >= FAILURES_FOR_CANCELLATION
        )

    def cancellation_flag(self) -> str:
        if self.is_eligible_for_cancellation:
            return str(_("Eligible for cancellation"))
        return ""

    cancellation_flag.short_description = _("flag")


class AssessmentQuerySet(ScopedQuerySet):
    region_lookup = "inheritor__region__code"
    institution_lookup = None


class InheritorAssessment(models.Model):
    """One year's assessment (年度评估) of an inheritor against the transmission
    plan (传习计划) agreed for that year."""

    class Result(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent (优秀)")
        PASSED = "passed", _("Passed (合格)")
        FAILED = "failed", _("Failed (不合格)")

    inheritor = models.ForeignKey(
        Inheritor,
        verbose_name=_("inheritor"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    plan = models.TextField(
        _("transmission plan"),
        help_text=_("What the inheritor undertook to do this year (传习计划)."),
    )
    planned_apprentices = models.PositiveIntegerField(
        _("apprentices planned"), default=0
    )
    taught_apprentices = models.PositiveIntegerField(_("apprentices taught"), default=0)
    activities = models.TextField(_("what was done"), blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    failure_justified = models.BooleanField(
        _("failure justified"),
        default=False,
        help_text=_(
            "A failure with a justified reason (e.g. illness) does not count "
            "towards cancellation."
        ),
    )
    justification = models.TextField(_("justification"), blank=True)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "inheritor"]
        verbose_name = _("inheritor assessment")
        verbose_name_plural = _("inheritor assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["inheritor", "year"],
                name="inheritor_assessment_once_a_year",
                violation_error_message=_(
                    "This inheritor already has an assessment for this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(result="failed") | Q(failure_justified=False),
                name="inheritor_assessment_only_failures_justified",
                violation_error_message=_("Only a failed assessment is justified."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inheritor} · {self.year} · {self.get_result_display()}"

    @property
    def counts_towards_cancellation(self) -> bool:
        return self.result == self.Result.FAILED and not self.failure_justified


class SubsidyQuerySet(ScopedQuerySet):
    region_lookup = "inheritor__region__code"
    institution_lookup = None


class TransmissionSubsidy(models.Model):
    """The yearly transmission subsidy (传习补助) granted to an inheritor; the
    previous year's assessment decides whether it is paid."""

    inheritor = models.ForeignKey(
        Inheritor,
        verbose_name=_("inheritor"),
        on_delete=models.PROTECT,
        related_name="subsidies",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    granted_on = models.DateField(_("granted on"))
    department = models.CharField(_("granting department"), max_length=100)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SubsidyQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "inheritor"]
        verbose_name = _("transmission subsidy")
        verbose_name_plural = _("transmission subsidies")
        constraints = [
            models.UniqueConstraint(
                fields=["inheritor", "year"],
                name="transmission_subsidy_once_a_year",
                violation_error_message=_(
                    "This inheritor already has a subsidy for this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="transmission_subsidy_positive",
                violation_error_message=_("The amount must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inheritor} · {self.year} · ¥{self.amount}"
