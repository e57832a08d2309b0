"""Skills competitions (技能竞赛): competitions, entries, judges, marking, results."""

from competitions.models.competitions import (
    Aspect,
    Competition,
    CompetitionTieBreaker,
    Criterion,
)
from competitions.models.entries import Entry, EntryMember, EntryPhoto
from competitions.models.judging import (
    DeclaredRelation,
    JudgeAssignment,
    JudgementScore,
    Measurement,
    SpreadReview,
)
from competitions.models.results import Award, Promotion, Result

__all__ = [
    "Aspect",
    "Award",
    "Competition",
    "CompetitionTieBreaker",
    "Criterion",
    "DeclaredRelation",
    "Entry",
    "EntryMember",
    "EntryPhoto",
    "JudgeAssignment",
    "JudgementScore",
    "Measurement",
    "Promotion",
    "Result",
    "SpreadReview",
]
