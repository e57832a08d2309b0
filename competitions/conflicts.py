"""Conflicts of interest (回避): the one place that decides which entries a judge
may not mark. Every read and write of scores goes through it.

Not yet compared: the judge's and the entry's workshops (inheritors.Workshop is
being written); add that comparison to ``conflicts_of_interest`` only.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from competitions.models import Entry, JudgeAssignment


def conflicts_of_interest(judge: JudgeAssignment, entry: Entry) -> list[str]:
    """Every reason this judge may not mark this entry; empty when there is none."""
    reasons = []
    competitors = {member.person_id for member in entry.members.all()}
    if judge.person_id in competitors:
        reasons.append(_("The judge is a competitor in this entry."))
    if judge.institution_id and judge.institution_id == entry.institution_id:
        reasons.append(_("The judge and the entry come from the same institution."))
    for relation in judge.relations.all():
        if relation.person_id in competitors:
            reasons.append(
                _("The judge declared a relation with %(name)s: %(reason)s.")
                % {"name": relation.person.real_name, "reason": relation.reason}
            )
    return reasons


def markable_entries(judge: JudgeAssignment) -> list[Entry]:
    """The registered entries of the judge's competition that the judge may mark."""
    entries = (
        Entry.objects.filter(competition_id=judge.competition_id)
        .registered()
        .prefetch_related("members__person")
    )
    return [entry for entry in entries if not conflicts_of_interest(judge, entry)]


def eligible_judges(
    entry: Entry, judges: list[JudgeAssignment]
) -> list[JudgeAssignment]:
    """The judges of this list who may mark the entry."""
    return [judge for judge in judges if not conflicts_of_interest(judge, entry)]
