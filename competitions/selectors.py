"""Reads for the chief judge (裁判长): every entry against every judge, with each
judge's own marks, what is still missing, the entry's total and its rank."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from competitions.conflicts import eligible_judges
from competitions.models import (
    Competition,
    Entry,
    JudgeAssignment,
    JudgementScore,
    Measurement,
)
from competitions.rules.marks import judgement_mark, measurement_mark, to_marks
from competitions.rules.ranking import rank
from competitions.services.judging import counted_scores, missing_marks
from competitions.services.results import standings


@dataclass(frozen=True)
class JudgeCell:
    """One judge's part in one entry: the marks their own scores and measurements
    give, and how many of their marks are still missing. ``marks`` is None when
    the judge has a conflict with the entry and does not mark it."""

    marks: Decimal | None
    missing: int


@dataclass(frozen=True)
class SummaryRow:
    entry: Entry
    cells: list[JudgeCell]  # one per judge, in the order of the summary's judges
    total: Decimal  # from the marks that count, as results will compute it
    rank: int
    missing: int  # every mark still missing for the entry, by anyone


@dataclass(frozen=True)
class MarkingSummary:
    judges: list[JudgeAssignment]
    rows: list[SummaryRow]  # best total first

    @property
    def missing(self) -> int:
        return sum(row.missing for row in self.rows)


def marking_summary(competition: Competition) -> MarkingSummary:
    """All registered entries × all judges of ``competition``: each judge's marks
    and missing marks per entry, the entry's total and rank by the competition's
    tie-breakers. The totals are provisional until marking is locked."""
    judges = list(
        competition.judges.select_related("person")
        .prefetch_related("relations__person")
        .order_by("-is_chief", "person__real_name", "pk")
    )
    entries, _scores, _marks = counted_scores(competition)
    by_id = {entry.pk: entry for entry in entries}
    markers = {e.pk: {j.pk for j in eligible_judges(e, judges)} for e in entries}

    own: dict[tuple[int, int], Fraction] = defaultdict(Fraction)
    for row in JudgementScore.objects.filter(entry__in=entries).select_related(
        "aspect"
    ):
        own[(row.entry_id, row.judge_id)] += judgement_mark(
            row.aspect.max_mark, [row.score]
        )
    for row in Measurement.objects.filter(entry__in=entries).select_related("aspect"):
        own[(row.entry_id, row.judge_id)] += measurement_mark(
            row.aspect.max_mark, row.mark
        )

    missing_by_judge: Counter[tuple[int, int]] = Counter()
    missing_by_entry: Counter[int] = Counter()
    for item in missing_marks(competition):
        missing_by_entry[item.entry.pk] += 1
        if item.judge is not None:
            missing_by_judge[(item.entry.pk, item.judge.pk)] += 1

    tie_breakers = list(
        competition.tie_breakers.order_by("sort_order").values_list("rule", flat=True)
    )
    rows = []
    for ranked in rank(standings(competition), tie_breakers):
        entry = by_id[ranked.entry_id]
        cells = [
            JudgeCell(
                marks=to_marks(own[(entry.pk, judge.pk)])
                if judge.pk in markers[entry.pk]
                else None,
                missing=missing_by_judge[(entry.pk, judge.pk)],
            )
            for judge in judges
        ]
        rows.append(
            SummaryRow(
                entry=entry,
                cells=cells,
                total=ranked.standing.total,
                rank=ranked.rank,
                missing=missing_by_entry[entry.pk],
            )
        )
    return MarkingSummary(judges=judges, rows=rows)
