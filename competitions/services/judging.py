"""Marking: judges' scores, spread flags, the chief judge's reviews and lock.

A judge never marks an entry they have a conflict with (``competitions.conflicts``),
and once the chief judge locks marking no mark can change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competitions.conflicts import conflicts_of_interest, eligible_judges
from competitions.models import (
    Aspect,
    Competition,
    Entry,
    JudgeAssignment,
    JudgementScore,
    Measurement,
    SpreadReview,
)
from competitions.rules.marks import JUDGEMENT_TOP_SCORE, spread
from lms.models import User


@dataclass(frozen=True)
class SpreadFlag:
    """Judgement scores of one aspect of one entry too far apart to stand as given."""

    entry: Entry
    aspect: Aspect
    spread: int
    review: SpreadReview | None


@dataclass(frozen=True)
class MissingMark:
    entry: Entry
    aspect: Aspect
    # None: a measurement nobody has recorded, or a judgement no judge may give
    judge: JudgeAssignment | None


def judge_for(user: User, competition: Competition) -> JudgeAssignment | None:
    """The user's place on this competition's panel, if they have one."""
    if not user.is_authenticated:
        return None
    return (
        JudgeAssignment.objects.filter(competition=competition, person__user=user)
        .select_related("person", "competition")
        .prefetch_related("relations__person")
        .first()
    )


def scheme_aspects(competition: Competition) -> list[Aspect]:
    return list(
        Aspect.objects.filter(criterion__competition=competition)
        .select_related("criterion")
        .order_by("criterion__code", "sort_order", "pk")
    )


def _fresh(judge: JudgeAssignment) -> JudgeAssignment:
    """The judge as the database has them now: still on the panel, with every
    relation declared so far."""
    return (
        JudgeAssignment.objects.select_related("person__user")
        .prefetch_related("relations__person")
        .get(pk=judge.pk)
    )


def _marking_open(competition: Competition) -> None:
    if competition.marking_locked:
        raise ValidationError(_("Marking is locked: marks can no longer change."))
    if competition.status != Competition.Status.JUDGING:
        raise ValidationError(_("Marking has not started."))


@transaction.atomic
def submit_scores(
    *,
    judge: JudgeAssignment,
    entry: Entry,
    judgements: Mapping[int, int],
    measurements: Mapping[int, Decimal],
) -> None:
    """Record a judge's marks for one entry, keyed by aspect id: all of them or, if
    any is wrong, none. Refused outright for an entry the judge has a conflict with."""
    competition = Competition.objects.select_for_update().get(pk=judge.competition_id)
    judge = _fresh(judge)
    _marking_open(competition)
    if (
        entry.competition_id != competition.pk
        or entry.status != Entry.Status.REGISTERED
    ):
        raise ValidationError(_("This entry is not being marked."))
    if conflicts_of_interest(judge, entry):
        raise PermissionDenied(_("You may not mark this entry."))
    aspects = {a.pk: a for a in scheme_aspects(competition)}
    recorded = {m.aspect_id: m for m in entry.measurements.all()}
    errors = []
    for aspect_id, score in judgements.items():
        aspect = aspects.get(aspect_id)
        if aspect is None or not aspect.is_judgement:
            errors.append(
                _("Aspect %(id)s is not a judgement aspect.") % {"id": aspect_id}
            )
        elif not 0 <= score <= JUDGEMENT_TOP_SCORE:
            errors.append(
                _("“%(aspect)s”: a judgement score is 0, 1, 2 or 3.")
                % {"aspect": aspect.description}
            )
    for aspect_id, mark in measurements.items():
        aspect = aspects.get(aspect_id)
        if aspect is None or aspect.is_judgement:
            errors.append(
                _("Aspect %(id)s is not a measurement aspect.") % {"id": aspect_id}
            )
        elif not 0 <= mark <= aspect.max_mark:
            errors.append(
                _("“%(aspect)s”: the mark runs from 0 to %(max)s.")
                % {"aspect": aspect.description, "max": aspect.max_mark}
            )
        elif (
            aspect_id in recorded
            and recorded[aspect_id].judge_id != judge.pk
            and not judge.is_chief
        ):
            errors.append(
                _("“%(aspect)s” was recorded by another judge; ask the chief judge.")
                % {"aspect": aspect.description}
            )
    if errors:
        raise ValidationError(errors)

    for aspect_id, score in judgements.items():
        current = JudgementScore.objects.filter(
            entry=entry, aspect_id=aspect_id, judge=judge
        ).first()
        if current is not None and current.score == score:
            continue
        JudgementScore.objects.update_or_create(
            entry=entry, aspect_id=aspect_id, judge=judge, defaults={"score": score}
        )
        # The spread the chief judge reviewed is no longer the spread there is.
        SpreadReview.objects.filter(entry=entry, aspect_id=aspect_id).delete()
    for aspect_id, mark in measurements.items():
        Measurement.objects.update_or_create(
            entry=entry, aspect_id=aspect_id, defaults={"mark": mark, "judge": judge}
        )
    log(
        instance=entry,
        action="competitions.score",
        user=judge.person.user,
        data={
            "judge": judge.pk,
            "judgements": {str(k): v for k, v in judgements.items()},
            "measurements": {str(k): str(v) for k, v in measurements.items()},
        },
    )


def counted_scores(
    competition: Competition,
) -> tuple[
    list[Entry], dict[tuple[int, int], list[int]], dict[tuple[int, int], Decimal]
]:
    """The registered entries, and the marks that count for them: judgement scores
    by (entry, aspect) from judges without a conflict, and measurement marks."""
    judges = list(competition.judges.prefetch_related("relations__person"))
    entries = list(competition.entries.registered().prefetch_related("members__person"))
    allowed = {e.pk: {j.pk for j in eligible_judges(e, judges)} for e in entries}
    scores: dict[tuple[int, int], list[int]] = defaultdict(list)
    for row in JudgementScore.objects.filter(entry__in=entries).order_by("pk"):
        if row.judge_id in allowed[row.entry_id]:
            scores[(row.entry_id, row.aspect_id)].append(row.score)
    marks = {
        (row.entry_id, row.aspect_id): row.mark
        for row in Measurement.objects.filter(entry__in=entries)
        if row.judge_id in allowed[row.entry_id]
    }
    return entries, scores, marks


def spread_flags(competition: Competition) -> list[SpreadFlag]:
    """Every aspect of every entry whose judgement scores differ by more than the
    competition allows, with the chief judge's review if there is one."""
    entries, scores, _marks = counted_scores(competition)
    by_id = {e.pk: e for e in entries}
    aspects = {a.pk: a for a in scheme_aspects(competition)}
    reviews = {
        (r.entry_id, r.aspect_id): r
        for r in SpreadReview.objects.filter(entry__competition=competition)
    }
    flags = []
    for (entry_id, aspect_id), values in sorted(scores.items()):
        if spread(values) > competition.judgement_spread_limit:
            review = reviews.get((entry_id, aspect_id))
            flags.append(
                SpreadFlag(by_id[entry_id], aspects[aspect_id], spread(values), review)
            )
    return flags


def missing_marks(competition: Competition) -> list[MissingMark]:
    """Marks still to give: every judge without a conflict scores every judgement
    aspect, and every measurement aspect is recorded once."""
    judges = list(competition.judges.prefetch_related("relations__person"))
    entries, _scores, marks = counted_scores(competition)
    given = set(
        JudgementScore.objects.filter(entry__in=entries).values_list(
            "entry_id", "aspect_id", "judge_id"
        )
    )
    aspects = scheme_aspects(competition)
    missing = []
    for entry in entries:
        markers = eligible_judges(entry, judges)
        for aspect in aspects:
            if not aspect.is_judgement:
                if (entry.pk, aspect.pk) not in marks:
                    missing.append(MissingMark(entry, aspect, None))
                continue
            if not markers:  # every judge has since declared a conflict
                missing.append(MissingMark(entry, aspect, None))
            missing += [
                MissingMark(entry, aspect, judge)
                for judge in markers
                if (entry.pk, aspect.pk, judge.pk) not in given
            ]
    return missing


@transaction.atomic
def review_spread(
    *, chief: JudgeAssignment, entry: Entry, aspect: Aspect, note: str
) -> SpreadReview:
    """The chief judge records that a flagged spread was discussed and stands."""
    competition = Competition.objects.select_for_update().get(pk=chief.competition_id)
    chief = _fresh(chief)
    if not chief.is_chief:
        raise PermissionDenied(_("Only the chief judge reviews flagged scores."))
    _marking_open(competition)
    if not note.strip():
        raise ValidationError(_("Say what the discussion concluded."))
    flagged = {(f.entry.pk, f.aspect.pk) for f in spread_flags(competition)}
    if (entry.pk, aspect.pk) not in flagged:
        raise ValidationError(_("These scores are not flagged."))
    review, _created = SpreadReview.objects.update_or_create(
        entry=entry, aspect=aspect, defaults={"chief": chief, "note": note.strip()}
    )
    log(instance=entry, action="competitions.review_spread", user=chief.person.user)
    return review


@transaction.atomic
def lock_marking(*, chief: JudgeAssignment) -> Competition:
    """The chief judge locks marking once every mark is in and every flagged spread
    is reviewed; from then on no mark can change and judges see all marks."""
    competition = Competition.objects.select_for_update().get(pk=chief.competition_id)
    chief = _fresh(chief)
    if not chief.is_chief:
        raise PermissionDenied(_("Only the chief judge locks marking."))
    _marking_open(competition)
    problems = []
    if missing := missing_marks(competition):
        problems.append(
            _("%(count)s marks are still missing.") % {"count": len(missing)}
        )
    if open_flags := [f for f in spread_flags(competition) if f.review is None]:
        problems.append(
            _("%(count)s flagged spreads are not reviewed.")
            % {"count": len(open_flags)}
        )
    if problems:
        raise ValidationError(problems)
    competition.marking_locked_at = timezone.now()
    competition.marking_locked_by = chief.person.user
    competition.save(update_fields=["marking_locked_at", "marking_locked_by"])
    log(instance=competition, action="competitions.lock", user=chief.person.user)
    return competition
