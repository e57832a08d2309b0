"""Reads that join the surveys with the workshops' records: answers prefilled
from what the platform knows, and a survey's figures by region."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from inheritors.models import Workshop, WorkshopEmployee, WorkshopEmployment
from lms.models import Region
from lms.models.status import StatusGroup, StatusPeriod
from lms.scoping import region_prefix
from outreach.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse


def workshops_asked(survey: Survey):
    """The qualified workshops of the survey's region: those asked to answer."""
    return Workshop.objects.qualified().filter(
        region__code__startswith=survey.region_prefix
    )


def prefilled_values(survey: Survey, workshop: Workshop) -> dict[int, Decimal]:
    """What the platform already knows for the prefilled questions, by question id:
    the people employed in the employment record of the period's last year, and
    the employees out of poverty (a status period) on the period's last day."""
    values: dict[int, Decimal] = {}
    day = survey.period_end
    for question in survey.questions.exclude(prefill=""):
        if question.prefill == SurveyQuestion.Prefill.EMPLOYED:
            record = (
                WorkshopEmployment.objects.filter(workshop=workshop, year__lte=day.year)
                .order_by("-year")
                .first()
            )
            if record is not None:
                values[question.pk] = Decimal(record.employed)
        elif question.prefill == SurveyQuestion.Prefill.POVERTY_ALLEVIATED:
            people = (
                StatusPeriod.objects.held_on(day)
                .filter(group=StatusGroup.POVERTY_ALLEVIATED)
                .values("person_id")
            )
            count = (
                WorkshopEmployee.objects.employed_on(day)
                .filter(workshop=workshop, person_id__in=people)
                .values("person_id")
                .distinct()
                .count()
            )
            values[question.pk] = Decimal(count)
    return values


def child_code(code: str, prefix: str) -> str:
    """The region one level below ``prefix`` that holds the county ``code``; the
    county itself when the prefix is a county's."""
    if len(prefix) >= 6:
        return code
    return code[: len(prefix) + 2].ljust(6, "0")


@dataclass
class RegionFigures:
    """One region's row: workshops asked, answers submitted, and for each number
    question the sum of the submitted answers (and how many gave one)."""

    code: str
    name: str
    asked: int = 0
    answered: int = 0
    sums: dict[int, Decimal] = field(default_factory=dict)
    counts: dict[int, int] = field(default_factory=dict)


@dataclass
class SurveyFigures:
    survey_id: int
    region_code: str
    questions: list[SurveyQuestion]
    rows: list[RegionFigures]
    total: RegionFigures


def survey_figures(*, survey: Survey, region_code: str) -> SurveyFigures:
    """The survey's figures for one region (its own or one below the survey's),
    one row per division directly below it. Submitted answers only; a returned
    one counts again once answered again. Reads only; ``reporting`` may call it."""
    prefix = region_prefix(region_code)
    if survey.region_prefix.startswith(prefix):  # at or above the survey's region
        prefix = survey.region_prefix
    numbers = list(survey.questions.filter(kind=SurveyQuestion.Kind.NUMBER))
    rows: dict[str, RegionFigures] = {}

    def row(code: str) -> RegionFigures:
        key = child_code(code, prefix)
        if key not in rows:
            rows[key] = RegionFigures(code=key, name="")
        return rows[key]

    asked = (
        workshops_asked(survey)
        .filter(region__code__startswith=prefix)
        .values("region_id")
        .annotate(n=Count("pk"))
    )
    for entry in asked:
        row(entry["region_id"]).asked += entry["n"]
    answered = (
        SurveyResponse.objects.submitted()
        .filter(survey=survey, workshop__region__code__startswith=prefix)
        .values("workshop__region_id")
        .annotate(n=Count("pk"))
    )
    for entry in answered:
        row(entry["workshop__region_id"]).answered += entry["n"]
    sums = (
        SurveyAnswer.objects.filter(
            response__survey=survey,
            response__state=SurveyResponse.State.SUBMITTED,
            response__workshop__region__code__startswith=prefix,
            question__in=numbers,
            number__isnull=False,
        )
        .values("response__workshop__region_id", "question_id")
        .annotate(total=Sum("number"), n=Count("pk", filter=Q(number__isnull=False)))
    )
    for entry in sums:
        target = row(entry["response__workshop__region_id"])
        qid = entry["question_id"]
        target.sums[qid] = target.sums.get(qid, Decimal(0)) + entry["total"]
        target.counts[qid] = target.counts.get(qid, 0) + entry["n"]
    names = dict(Region.objects.filter(code__in=rows).values_list("code", "name"))
    total = RegionFigures(code=prefix.ljust(6, "0"), name="")
    total.name = (
        Region.objects.filter(code=total.code).values_list("name", flat=True).first()
        or total.code
    )
    ordered = []
    for code in sorted(rows):
        figures = rows[code]
        figures.name = names.get(code, code)
        total.asked += figures.asked
        total.answered += figures.answered
        for qid, value in figures.sums.items():
            total.sums[qid] = total.sums.get(qid, Decimal(0)) + value
            total.counts[qid] = total.counts.get(qid, 0) + figures.counts[qid]
        ordered.append(figures)
    return SurveyFigures(
        survey_id=survey.pk,
        region_code=total.code,
        questions=numbers,
        rows=ordered,
        total=total,
    )


def figures_rows(figures: SurveyFigures) -> list[list]:
    """The figures as a table, heading first, for the XLSX export."""
    from django.utils.translation import gettext as _

    heading = [_("region code"), _("region"), _("workshops asked"), _("answered")]
    for question in figures.questions:
        unit = f" ({question.unit})" if question.unit else ""
        heading.append(f"{question.text}{unit}")
    table = [heading]
    for entry in [*figures.rows, figures.total]:
        line = [entry.code, entry.name, entry.asked, entry.answered]
        line += [entry.sums.get(q.pk, Decimal(0)) for q in figures.questions]
        table.append(line)
    return table
