"""What a course's completion rule reads from quizzes, for many enrolments at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q

from trainees.evidence.quizzes.models import Attempt, Quiz
from trainees.models import Enrolment


@dataclass(frozen=True)
class QuizFigure:
    """An enrolment's quiz results: required (open) quizzes of the course, how many
    of them it has passed, and its best score at any quiz of the course."""

    required_total: int = 0
    required_passed: int = 0
    best_score_percent: Decimal | None = None


def required_by_course(course_ids: Iterable[int]) -> dict[int, int]:
    """How many published quizzes each course requires, by course id, in one query."""
    return dict(
        Quiz.objects.required()
        .filter(course_id__in=course_ids)
        .values("course_id")
        .annotate(total=Count("pk"))
        .values_list("course_id", "total")
    )


def quizzes_by_enrolment(enrolments: Iterable[Enrolment]) -> dict[int, QuizFigure]:
    """QuizFigure per enrolment id, in three queries whatever the count (two when
    given a list)."""
    enrolments = list(enrolments)
    if not enrolments:
        return {}
    required_per_course = required_by_course({e.course_id for e in enrolments})
    best: dict[int, Decimal] = {}
    passed: dict[int, int] = {}
    rows = (
        Attempt.objects.graded()
        .filter(enrolment_id__in=[e.pk for e in enrolments])
        .values(
            "enrolment_id",
            "quiz_id",
            "quiz__published",
            "quiz__required_for_completion",
        )
        .annotate(best=Max("score_percent"), passes=Count("pk", filter=Q(passed=True)))
    )
    for row in rows:
        enrolment_id, score = row["enrolment_id"], row["best"]
        if enrolment_id not in best or score > best[enrolment_id]:
            best[enrolment_id] = score
        required = row["quiz__published"] and row["quiz__required_for_completion"]
        if required and row["passes"]:
            passed[enrolment_id] = passed.get(enrolment_id, 0) + 1
    return {
        e.pk: QuizFigure(
            required_total=required_per_course.get(e.course_id, 0),
            required_passed=passed.get(e.pk, 0),
            best_score_percent=best.get(e.pk),
        )
        for e in enrolments
    }
