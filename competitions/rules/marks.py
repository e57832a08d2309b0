"""Mark arithmetic of a marking scheme (评分方案), as WorldSkills defines it.

Marks are kept as exact fractions until a total is shown, then rounded half up to
hundredths, so rounding never accumulates over aspects.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

JUDGEMENT_TOP_SCORE = 3
HUNDREDTH = Decimal("0.01")


def judgement_mark(max_mark: Decimal, scores: Sequence[int]) -> Fraction:
    """A judgement aspect's mark: max_mark × the judges' average score / 3."""
    if not scores:
        raise ValueError("a judgement aspect needs at least one score")
    if any(not 0 <= score <= JUDGEMENT_TOP_SCORE for score in scores):
        raise ValueError("judgement scores run from 0 to 3")
    return Fraction(max_mark) * sum(scores) / (JUDGEMENT_TOP_SCORE * len(scores))


def measurement_mark(max_mark: Decimal, awarded: Decimal) -> Fraction:
    """A measurement aspect's mark: what was awarded, in full, in part or not."""
    if not 0 <= awarded <= max_mark:
        raise ValueError("a measurement mark runs from 0 to the aspect's maximum")
    return Fraction(awarded)


def spread(scores: Sequence[int]) -> int:
    """How far apart the judges' scores of one aspect are."""
    return max(scores) - min(scores) if scores else 0


def to_marks(value: Fraction | Decimal | int) -> Decimal:
    """A mark as published: a decimal rounded half up to hundredths."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
