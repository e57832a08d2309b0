"""Conflicts of interest (回避): the one place that decides which entries a judge
may not mark. Every read and write of scores goes through it.

Workshop ties come from the workshop register (inheritors): a person belongs to the
workshops they lead or work at, so nobody types an affiliation twice.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from competitions.models import Entry, JudgeAssignment
from inheritors.models import Workshop, WorkshopEmployee


def workshops_of(person_ids: set[int]) -> dict[int, str]:
    """The workshops these people lead or work at now, by id, with their names."""
    led = Workshop.objects.filter(leader__person_id__in=person_ids)
    employing = Workshop.objects.filter(
        pk__in=WorkshopEmployee.objects.filter(
            person_id__in=person_ids, ended_on__isnull=True
        ).values("workshop_id")
    )
    return dict((led | employing).values_list("pk", "name"))


def conflicts_of_interest(judge: JudgeAssignment, entry: Entry) -> list[str]:
    """Every reason this judge may not mark this entry; empty when there is none."""
    reasons = []
    competitors = {member.person_id for member in entry.members.all()}
    if judge.person_id in competitors:
        reasons.append(_("The judge is a competitor in this entry."))
    if judge.institution_id and judge.institution_id == entry.institution_id:
        reasons.append(_("The judge and the entry come from the same institution."))
    if not hasattr(judge, "_workshops"):
        judge._workshops = workshops_of({judge.person_id})
    shared = workshops_of(competitors).keys() & judge._workshops.keys()
    for workshop_id in sorted(shared):
        reasons.append(
            _("The judge and a competitor belong to the same workshop: %(name)s.")
            % {"name": judge._workshops[workshop_id]}
        )
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
