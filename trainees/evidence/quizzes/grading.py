"""Grading rules of quizzes: pure functions, no database."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trainees.evidence.quizzes.models import QuestionKind


def check_choices(kind: str, correct: list[bool]) -> None:
    """Refuse a question whose choices cannot be answered as its kind says."""
    right = sum(correct)
    if kind == QuestionKind.TRUE_FALSE and len(correct) != 2:
        raise ValidationError(
            _("A true-or-false question has exactly two choices."), code="choices"
        )
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and right != 1:
        raise ValidationError(
            _("Mark exactly one choice as correct."), code="correct_count"
        )
    if kind == QuestionKind.MULTIPLE and right < 1:
        raise ValidationError(
            _("Mark at least one choice as correct."), code="correct_count"
        )
    if len(correct) < 2:
        raise ValidationError(_("Give at least two choices."), code="choices")


def is_right(correct_ids: set[int], chosen_ids: set[int]) -> bool:
    """Right only when exactly the correct set is chosen (no partial credit)."""
    return bool(correct_ids) and chosen_ids == correct_ids


def score_percent(correct: int, total: int) -> Decimal:
    if total == 0:
        return Decimal("0.00")
    return (Decimal(correct) * 100 / total).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
