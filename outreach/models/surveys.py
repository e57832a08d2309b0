"""Regular surveys (定期调查, 221号 §10): a culture department asks the workshops
of its region a few questions for a period; leaders answer on their phone, the
department may return an answer for correction, and the figures roll up by
region."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from lms.scoping import ScopedQuerySet, region_prefix

# Leaders who have not answered are reminded this many days before the due date.
SURVEY_REMINDER_DAYS = 3
TEXT_ANSWER_MAX = 200
NUMBER_LIMIT = Decimal("1e12")


class SurveyQuerySet(ScopedQuerySet):
    region_lookup = "region__code"
    institution_lookup = None

    def open_on(self, day: dt.date) -> SurveyQuerySet:
        """Surveys whose period has ended or is running and that are not past due:
        the ones leaders can answer today."""
        return self.filter(opens_on__lte=day, due_on__gte=day)

    def for_workshop(self, workshop) -> SurveyQuerySet:
        """Surveys whose region covers the workshop's county."""
        code = workshop.region_id
        prefixes = {code[:2], code[:4], code}
        return self.filter(region_prefix__in=prefixes)


class Survey(ClusterableModel):
    """A survey a culture department (county and up) sends to the qualified
    workshops of its region for one period (调查期), answered by a due date."""

    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The workshops of this region and every division below answer."),
    )
    region_prefix = models.CharField(max_length=6, editable=False, db_index=True)
    title = models.CharField(_("title"), max_length=100)
    instructions = models.TextField(_("instructions"), blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    opens_on = models.DateField(
        _("answers open on"), help_text=_("The first day leaders may answer.")
    )
    due_on = models.DateField(_("due on"))
    reminded_on = models.DateField(_("reminder sent on"), null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "title"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="survey_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("opens_on")),
                name="survey_due_after_opening",
                violation_error_message=_("The due date cannot be before opening."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.region_prefix = region_prefix(self.region_id)
        super().save(*args, **kwargs)


class SurveyQuestion(Orderable):
    """One question of a survey: a number (with its unit and range), a choice
    among the options given, or a short text; some prefilled from the platform."""

    class Kind(models.TextChoices):
        NUMBER = "number", _("Number")
        CHOICE = "choice", _("Choice")
        TEXT = "text", _("Short text")

    class Prefill(models.TextChoices):
        NONE = "", _("Nothing")
        EMPLOYED = "employed", _("People employed (employment record)")
        POVERTY_ALLEVIATED = (
            "poverty_alleviated",
            _("People out of poverty employed (status periods)"),
        )

    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    minimum = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    options = models.TextField(
        _("options"), blank=True, help_text=_("For a choice: one option a line.")
    )
    required = models.BooleanField(_("required"), default=True)
    prefill = models.CharField(
        _("prefilled with"),
        max_length=20,
        choices=Prefill.choices,
        blank=True,
        default=Prefill.NONE,
    )

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(maximum__gte=F("minimum")),
                name="survey_question_range_ordered",
                violation_error_message=_("The maximum cannot be below the minimum."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="choice") | ~Q(options=""),
                name="survey_choice_has_options",
                violation_error_message=_("A choice needs its options."),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    @property
    def low(self) -> Decimal:
        return self.minimum if self.minimum is not None else Decimal(0)

    @property
    def high(self) -> Decimal:
        return self.maximum if self.maximum is not None else NUMBER_LIMIT


class ResponseQuerySet(ScopedQuerySet):
    region_lookup = "workshop__region__code"
    institution_lookup = None

    def of_leader(self, user) -> ResponseQuerySet:
        """The answers of the workshops the user leads."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(workshop__leader__person__user=user)

    def submitted(self) -> ResponseQuerySet:
        return self.filter(state=SurveyResponse.State.SUBMITTED)


class SurveyResponse(models.Model):
    """A workshop's answer to a survey: submitted, or returned by the department
    with a reason to be answered again."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")

    survey = models.ForeignKey(
        Survey,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    workshop = models.ForeignKey(
        "inheritors.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    times_submitted = models.PositiveSmallIntegerField(default=1, editable=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, editable=False)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "workshop__name"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "workshop"], name="survey_response_once"
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""),
                name="survey_response_returned_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop} · {self.survey}"

    def answers_text(self) -> str:
        """Every answer, question by question, as one text for the inspect view."""
        lines = []
        for answer in self.answers.select_related("question").order_by(
            "question__sort_order", "question_id"
        ):
            unit = f" {answer.question.unit}" if answer.question.unit else ""
            lines.append(f"{answer.question.text}: {answer}{unit}")
        return "; ".join(lines)

    answers_text.short_description = _("answers")


class SurveyAnswer(models.Model):
    """The answer to one question: a number, or a text (a choice or short text)."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    text = models.CharField(max_length=TEXT_ANSWER_MAX, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="survey_answer_once"
            )
        ]

    def __str__(self) -> str:
        if self.number is not None:
            return format(self.number.normalize(), "f")
        return self.text
