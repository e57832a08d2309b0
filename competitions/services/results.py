"""Results (成绩): totals, ranking, standardisation and awards, then publication."""

from __future__ import annotations

from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competitions.choices import Component
from competitions.models import Award, Competition, Promotion, Result
from competitions.rules.awards import get_award_rule
from competitions.rules.marks import judgement_mark, measurement_mark, to_marks
from competitions.rules.ranking import Standing, rank
from competitions.rules.standardisation import get_standardiser
from competitions.services.judging import counted_scores, scheme_aspects
from lms.models import User


def standings(competition: Competition) -> list[Standing]:
    """Each registered entry's totals from the marks that count."""
    entries, scores, marks = counted_scores(competition)
    aspects = scheme_aspects(competition)
    result = []
    for entry in entries:
        parts = {Component.PRACTICAL: Fraction(0), Component.THEORY: Fraction(0)}
        for aspect in aspects:
            key = (entry.pk, aspect.pk)
            if aspect.is_judgement:
                mark = (
                    judgement_mark(aspect.max_mark, scores[key]) if key in scores else 0
                )
            else:
                mark = (
                    measurement_mark(aspect.max_mark, marks[key]) if key in marks else 0
                )
            parts[aspect.criterion.component] += mark
        result.append(
            Standing(
                entry_id=entry.pk,
                total=to_marks(sum(parts.values())),
                practical=to_marks(parts[Component.PRACTICAL]),
                theory=to_marks(parts[Component.THEORY]),
                completion_time=entry.completion_time,
            )
        )
    return result


@transaction.atomic
def compute_results(*, competition: Competition, by: User) -> list[Result]:
    """Rank the entries once marking is locked, standardise their totals and give
    awards by the competition's rule; recomputing replaces what was there."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if not competition.marking_locked:
        raise ValidationError(_("Marking must be locked before results are computed."))
    if competition.status == Competition.Status.PUBLISHED:
        raise ValidationError(_("The results are published and can no longer change."))
    tie_breakers = list(
        competition.tie_breakers.order_by("sort_order").values_list("rule", flat=True)
    )
    ranked = rank(standings(competition), tie_breakers)
    rule = get_award_rule(competition.award_rule)
    awards = rule.awards(ranked, team_size=competition.team_size)
    scaled = get_standardiser(competition.standardiser).standardise(
        [r.standing.total for r in ranked]
    )

    Result.objects.filter(entry__competition=competition).delete()
    Award.objects.filter(entry__competition=competition).delete()
    Promotion.objects.filter(entry__competition=competition).delete()
    entries = {e.pk: e for e in competition.entries.prefetch_related("members")}
    results = []
    for placed, standardised in zip(ranked, scaled, strict=True):
        entry = entries[placed.entry_id]
        results.append(
            Result.objects.create(
                entry=entry,
                total=placed.standing.total,
                practical=placed.standing.practical,
                theory=placed.standing.theory,
                standardised=standardised,
                rank=placed.rank,
            )
        )
        kinds = awards.get(entry.pk, [])
        for member in entry.members.all():
            for kind in kinds:
                Award.objects.create(entry=entry, person_id=member.person_id, kind=kind)
            if to_level := rule.promotion(kinds, member.skill_level):
                Promotion.objects.create(
                    entry=entry,
                    person_id=member.person_id,
                    from_level=member.skill_level,
                    to_level=to_level,
                )
    log(instance=competition, action="competitions.compute", user=by)
    return results


@transaction.atomic
def publish_results(*, competition: Competition, by: User) -> Competition:
    """Compute the results afresh and publish them: the public results page and
    the exhibition gallery open, and nothing about the results changes again."""
    compute_results(competition=competition, by=by)
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    competition.status = Competition.Status.PUBLISHED
    competition.results_published_at = timezone.now()
    competition.save(update_fields=["status", "results_published_at"])
    log(instance=competition, action="competitions.publish", user=by)
    return competition
