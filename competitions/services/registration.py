"""Registering entries: eligibility, the registration window, photos, withdrawal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection

from competitions.choices import SkillLevel
from competitions.models import Competition, Entry, EntryMember, EntryPhoto
from lms.models import Institution, Person, User

MAX_PHOTOS = 8
PHOTO_COLLECTION = "Competition entries"


@dataclass(frozen=True)
class Competitor:
    """A person entering, with the skill level they hold."""

    person: Person
    skill_level: str = SkillLevel.NONE


def age_on(person: Person, day: dt.date) -> int:
    born = person.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def eligibility_problems(competition: Competition, person: Person) -> list[str]:
    """Why this person may not enter this competition; empty if they may."""
    problems = []
    region = person.household_region_id
    if not competition.admits_region(region):
        problems.append(
            _("%(name)s's household is not registered in %(region)s.")
            % {"name": person.real_name, "region": competition.eligible_region.name}
            if region
            else _("%(name)s's household region is unknown; it is needed to enter.")
            % {"name": person.real_name}
        )
    age = age_on(person, competition.starts_on)
    if competition.min_age is not None and age < competition.min_age:
        problems.append(
            _("%(name)s will be %(age)s on the first day; the minimum age is %(min)s.")
            % {"name": person.real_name, "age": age, "min": competition.min_age}
        )
    if competition.max_age is not None and age > competition.max_age:
        problems.append(
            _("%(name)s will be %(age)s on the first day; the maximum age is %(max)s.")
            % {"name": person.real_name, "age": age, "max": competition.max_age}
        )
    if competition.judges.filter(person=person).exists():
        problems.append(
            _("%(name)s judges this competition and cannot compete in it.")
            % {"name": person.real_name}
        )
    if EntryMember.objects.filter(competition=competition, person=person).exists():
        problems.append(
            _("%(name)s has already entered this competition.")
            % {"name": person.real_name}
        )
    return problems


def window_problem(competition: Competition, now: dt.datetime) -> str | None:
    """Why nobody can register now, or None when registration is open."""
    if competition.status != Competition.Status.OPEN:
        return _("This competition is not open for registration.")
    if now < competition.registration_opens_at:
        return _("Registration opens on %(date)s.") % {
            "date": timezone.localtime(competition.registration_opens_at).strftime(
                "%Y-%m-%d %H:%M"
            )
        }
    if now >= competition.registration_closes_at:
        return _("Registration closed on %(date)s.") % {
            "date": timezone.localtime(competition.registration_closes_at).strftime(
                "%Y-%m-%d %H:%M"
            )
        }
    return None


@transaction.atomic
def register_entry(
    *,
    competition: Competition,
    competitors: list[Competitor],
    by: User,
    institution: Institution | None = None,
    workshop_name: str = "",
    team_name: str = "",
    description: str = "",
    now: dt.datetime | None = None,
) -> Entry:
    """Register an entry inside the registration window, for eligible competitors
    only; every reason for a refusal is given at once and nothing is written."""
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    problems = []
    if problem := window_problem(competition, now):
        problems.append(problem)
    if len(competitors) != competition.team_size:
        problems.append(
            _("An entry has %(size)s competitors, not %(count)s.")
            % {"size": competition.team_size, "count": len(competitors)}
        )
    if len({c.person.pk for c in competitors}) != len(competitors):
        problems.append(_("The same person is named twice."))
    if competition.is_team and not team_name.strip():
        problems.append(_("A team entry needs a team name."))
    if competition.requires_institution and institution is None:
        problems.append(_("Entries must name the institution they come from."))
    for competitor in competitors:
        problems += eligibility_problems(competition, competitor.person)
    if problems:
        raise ValidationError(problems)

    last = competition.entries.aggregate(last=Max("number"))["last"] or 0
    entry = Entry.objects.create(
        competition=competition,
        number=last + 1,
        team_name=team_name.strip(),
        institution=institution,
        workshop_name=workshop_name.strip(),
        description=description.strip(),
        registered_by=by,
    )
    for competitor in competitors:
        EntryMember.objects.create(
            entry=entry,
            competition=competition,
            person=competitor.person,
            skill_level=competitor.skill_level,
        )
    log(instance=entry, action="competitions.register", user=by)
    return entry


def _photo_collection(competition: Competition) -> Collection:
    """The competition's own photo collection, under the shared parent one; the
    image permission policy shows it only to staff who may see the competition."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.photo_collection_id:
        return competition.photo_collection
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name=PHOTO_COLLECTION).first()
    parent = parent or root.add_child(name=PHOTO_COLLECTION)
    collection = parent.add_child(name=f"{competition.pk} · {competition.name}"[:255])
    competition.photo_collection = collection
    competition.save(update_fields=["photo_collection"])
    return collection


@transaction.atomic
def add_entry_photo(
    *, entry: Entry, file: UploadedFile, by: User, caption: str = ""
) -> EntryPhoto:
    """Add a photo of the work to an entry that is still registered and not yet
    being judged; at most eight per entry."""
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != Entry.Status.REGISTERED or entry.competition.status not in (
        Competition.Status.OPEN,
        Competition.Status.CLOSED,
    ):
        raise ValidationError(_("Photos can no longer be added to this entry."))
    count = entry.photos.count()
    if count >= MAX_PHOTOS:
        raise ValidationError(
            _("An entry has at most %(max)s photos.") % {"max": MAX_PHOTOS}
        )
    image = get_image_model().objects.create(
        title=caption or f"{entry.competition} · {entry.number:03d}",
        file=file,
        collection=_photo_collection(entry.competition),
        uploaded_by_user=by,
    )
    return EntryPhoto.objects.create(
        entry=entry, image=image, caption=caption, sort_order=count
    )


@transaction.atomic
def withdraw_entry(*, entry: Entry, by: User) -> Entry:
    """Withdraw an entry before marking is locked; its marks no longer count."""
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == Entry.Status.WITHDRAWN:
        raise ValidationError(_("This entry is already withdrawn."))
    if entry.competition.marking_locked:
        raise ValidationError(_("Marking is locked: entries can no longer withdraw."))
    entry.status = Entry.Status.WITHDRAWN
    entry.save(update_fields=["status"])
    log(instance=entry, action="competitions.withdraw", user=by)
    return entry
