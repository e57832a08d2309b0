"""What practical work says about enrolments, in bulk, for the completion rule and
reports: a fixed number of queries however many enrolments are asked about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from courses.models import LessonKind
from courses.selectors import live_lesson_counts
from trainees.evidence.practical.models import AssessmentResult, Rubric, Submission
from trainees.models import Enrolment


@dataclass(frozen=True)
class PracticalFigure:
    """One enrolment's practical evidence: tasks passed of the course's live
    practical tasks, and the rubric assessment if the course has one."""

    tasks_total: int = 0
    tasks_passed: int = 0
    assessment_required: bool = False
    assessment_passed: bool | None = None
    assessment_score: Decimal | None = None


def assessed_courses(course_ids: Iterable[int]) -> set[int]:
    """The ids of those courses that have a practical assessment (a rubric)."""
    return set(
        Rubric.objects.filter(course_id__in=course_ids).values_list(
            "course_id", flat=True
        )
    )


def practical_by_enrolment(
    enrolments: Iterable[Enrolment],
) -> dict[int, PracticalFigure]:
    """``PracticalFigure`` per enrolment id, in five queries (one more when given
    an unevaluated queryset)."""
    pairs = {e.pk: e.course_id for e in enrolments}
    if not pairs:
        return {}
    course_ids = set(pairs.values())
    totals = live_lesson_counts(course_ids, kind=LessonKind.PRACTICAL)  # 1 and 2
    passed = dict(
        Submission.objects.passed()
        .filter(
            enrolment_id__in=list(pairs),
            lesson__live=True,
            lesson__kind=LessonKind.PRACTICAL,
        )
        .order_by()
        .values("enrolment_id")
        .annotate(tasks=Count("lesson_id", distinct=True))
        .values_list("enrolment_id", "tasks")
    )  # query 3
    assessed = assessed_courses(course_ids)  # query 4
    results = {
        row.enrolment_id: row
        for row in AssessmentResult.objects.filter(
            enrolment_id__in=list(pairs), rubric__course_id__in=course_ids
        ).only("enrolment_id", "score", "passed")
    }  # query 5
    figures = {}
    for enrolment_id, course_id in pairs.items():
        result = results.get(enrolment_id)
        figures[enrolment_id] = PracticalFigure(
            tasks_total=totals.get(course_id, 0),
            tasks_passed=passed.get(enrolment_id, 0),
            assessment_required=course_id in assessed,
            assessment_passed=result.passed if result else None,
            assessment_score=result.score if result else None,
        )
    return figures
