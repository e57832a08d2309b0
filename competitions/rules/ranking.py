"""Ranking (排名) by total, ties broken by the rules a competition lists in order.

Entries still equal after every rule share a rank (1, 2, 2, 4); whether a shared
rank is acceptable is for the award rule to say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

TIE_BREAKERS: dict[str, type[TieBreaker]] = {}


@dataclass(frozen=True)
class Standing:
    """What ranking needs to know of one entry."""

    entry_id: int
    total: Decimal
    practical: Decimal = Decimal(0)
    theory: Decimal = Decimal(0)
    completion_time: dt.timedelta | None = None


@dataclass(frozen=True)
class Ranked:
    standing: Standing
    rank: int

    @property
    def entry_id(self) -> int:
        return self.standing.entry_id


def register_tie_breaker(cls: type[TieBreaker]) -> type[TieBreaker]:
    TIE_BREAKERS[cls.key] = cls
    return cls


def tie_breaker_choices() -> list[tuple[str, str]]:
    return [(key, cls.label) for key, cls in TIE_BREAKERS.items()]


class TieBreaker:
    """Orders entries with equal totals: a lower sort key ranks higher."""

    key = ""
    label = ""

    def sort_key(self, standing: Standing):
        raise NotImplementedError


@register_tie_breaker
class ShorterCompletionTime(TieBreaker):
    key = "shorter_time"
    label = _("shorter completion time")

    def sort_key(self, standing: Standing):
        # An entry without a recorded time ranks after every timed one.
        time = standing.completion_time
        return (time is None, time or dt.timedelta(0))


@register_tie_breaker
class HigherPracticalScore(TieBreaker):
    key = "practical"
    label = _("higher practical score")

    def sort_key(self, standing: Standing):
        return -standing.practical


@register_tie_breaker
class HigherTheoryScore(TieBreaker):
    key = "theory"
    label = _("higher theory score")

    def sort_key(self, standing: Standing):
        return -standing.theory


def rank(standings: Sequence[Standing], tie_breakers: Sequence[str]) -> list[Ranked]:
    """Standings best first, each with its rank; equal on everything, equal rank."""
    rules = [TIE_BREAKERS[key]() for key in tie_breakers]

    def order(standing: Standing) -> tuple:
        return (-standing.total, *(rule.sort_key(standing) for rule in rules))

    ranked: list[Ranked] = []
    previous = None
    for position, standing in enumerate(
        sorted(standings, key=lambda s: (order(s), s.entry_id)), start=1
    ):
        key = order(standing)
        shared = ranked and key == previous
        ranked.append(Ranked(standing, ranked[-1].rank if shared else position))
        previous = key
    return ranked
