"""Standardisation (标准化) of totals: a pluggable strategy chosen per competition.

Ranking always uses the raw totals; a standardised score is what is published
beside them. Strategies only need to be monotonic, so the order never changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from statistics import median

from django.utils.translation import gettext_lazy as _

from competitions.rules.marks import to_marks

STANDARDISERS: dict[str, type[Standardiser]] = {}


def register_standardiser(cls: type[Standardiser]) -> type[Standardiser]:
    STANDARDISERS[cls.key] = cls
    return cls


def standardiser_choices() -> list[tuple[str, str]]:
    return [(key, cls.label) for key, cls in STANDARDISERS.items()]


def get_standardiser(key: str) -> Standardiser:
    return STANDARDISERS[key]()


class Standardiser:
    """Turns the raw totals of one competition into published scores, in order."""

    key = ""
    label = ""

    def standardise(self, totals: Sequence[Decimal]) -> list[Decimal]:
        raise NotImplementedError


@register_standardiser
class RawMarks(Standardiser):
    key = "none"
    label = _("none: publish the marks out of 100")

    def standardise(self, totals: Sequence[Decimal]) -> list[Decimal]:
        return [to_marks(total) for total in totals]


@register_standardiser
class WorldSkillsScale(Standardiser):
    """The WorldSkills scale: the median competitor at 700, one robust standard
    deviation (1.4826 × MAD) worth 30 points, clamped to 0–1000.

    The exact WorldSkills formula is not published (DOMAIN.md §5.1); this keeps its
    stated properties. With no spread (MAD = 0) nobody can be placed apart: all 700.
    """

    key = "worldskills"
    label = _("WorldSkills scale: median at 700")
    CENTRE = Decimal(700)
    POINTS_PER_DEVIATION = Decimal(30)
    MAD_TO_DEVIATION = Decimal("1.4826")
    FLOOR, CEILING = Decimal(0), Decimal(1000)

    def standardise(self, totals: Sequence[Decimal]) -> list[Decimal]:
        if not totals:
            return []
        middle = median(totals)
        mad = median(abs(total - middle) for total in totals)
        if mad == 0:
            return [to_marks(self.CENTRE) for _total in totals]
        per_mark = self.POINTS_PER_DEVIATION / (self.MAD_TO_DEVIATION * mad)
        return [
            to_marks(
                min(
                    self.CEILING, max(self.FLOOR, self.CENTRE + (t - middle) * per_mark)
                )
            )
            for t in totals
        ]
