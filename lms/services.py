"""Writes of the project package: regions, people, staff scopes and roles."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lms import identity, policy
from lms.identity import normalise_id_number
from lms.models import (
    Institution,
    Person,
    PopulationImport,
    Region,
    StaffScope,
    StatusPeriod,
    User,
)
from lms.population import Problem, check_population_list, read_population_list
from lms.roles import Role
from lms.validators import (
    canonical,
    mobile_e164,
    strip_control_characters,
    validate_region_code,
)

BUNDLED_REGIONS = Path(__file__).resolve().parent / "data" / "regions.csv"


@dataclass
class RegionImport:
    """What an import of division codes did, and which rows it refused."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _parent_code(code: str, known: set[str]) -> str | None:
    level = Region.level_of(code)
    if level == Region.Level.PROVINCE:
        return None
    candidates = [code[:4] + "00"] if level == Region.Level.COUNTY else []
    candidates.append(code[:2] + "0000")
    return next((c for c in candidates if c in known), None)


@transaction.atomic
def import_regions(*, rows: Iterable[dict[str, str]]) -> RegionImport:
    """Create or update regions from rows with ``code``, ``name`` and optionally
    ``name_en`` and ``retired``. Nothing is written if any row is bad."""
    result = RegionImport()
    parsed: dict[str, dict] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        code = canonical(row.get("code"))
        name = (row.get("name") or "").strip()
        try:
            validate_region_code(code)
        except ValidationError as error:
            result.errors.append(f"row {number}: {code!r}: {' '.join(error.messages)}")
            continue
        if not name:
            result.errors.append(f"row {number}: {code}: the name is empty")
            continue
        if code in parsed:
            result.errors.append(f"row {number}: {code} appears twice")
            continue
        parsed[code] = {
            "name": name,
            "name_en": (row.get("name_en") or "").strip(),
            "level": Region.level_of(code),
            "retired": (row.get("retired") or "").strip().lower() in {"1", "true"},
        }
    if result.errors:
        transaction.set_rollback(True)
        return result

    known = set(parsed) | set(Region.objects.values_list("code", flat=True))
    existing = Region.objects.in_bulk(list(parsed))
    for code in sorted(parsed):  # provinces before prefectures before counties
        values = {**parsed[code], "parent_id": _parent_code(code, known)}
        region = existing.get(code)
        if region is None:
            Region.objects.create(code=code, **values)
            result.created += 1
        elif any(getattr(region, key) != value for key, value in values.items()):
            Region.objects.filter(code=code).update(**values)
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def import_regions_from_csv(path: Path) -> RegionImport:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return import_regions(rows=csv.DictReader(handle))


@transaction.atomic
def grant_scope(
    *,
    user: User,
    role: Role,
    region: Region | None = None,
    institution: Institution | None = None,
    granted_by: User | None = None,
) -> StaffScope:
    """Give a staff member a role and the region and/or institution they work in.

    Institution staff also join the institution's group, which holds its Wagtail
    page and collection permissions. The grant is audit-logged (``lms.grant_scope``)
    as ``granted_by`` (none when the system grants it, as the demo loader does).
    """
    if region is None and institution is None:
        raise ValidationError(_("A scope needs a region or an institution."))
    previous = (
        StaffScope.objects.filter(user=user).select_related("institution").first()
    )
    if previous and previous.institution and previous.institution != institution:
        if previous.institution.staff_group:
            user.groups.remove(previous.institution.staff_group)
    scope, _created = StaffScope.objects.update_or_create(
        user=user, defaults={"region": region, "institution": institution}
    )
    user.groups.add(Group.objects.get(name=role))
    if institution is not None and institution.staff_group:
        user.groups.add(institution.staff_group)
    policy.forget_scope(user)
    log(
        instance=scope,
        action="lms.grant_scope",
        user=granted_by,
        data={
            "role": str(role.value),
            "region": region.code if region else None,
            "institution": institution.pk if institution else None,
        },
    )
    return scope


@transaction.atomic
def register_person(
    *,
    real_name: str,
    id_number: str,
    mobile: str = "",
    household_region: Region | None = None,
    user: User | None = None,
    registered_by: User | None = None,
) -> Person:
    """The person with this ID number: found if already known, created otherwise.

    A known number under a different name is refused rather than doubled or
    silently renamed; a missing mobile or region is filled in. ``user`` is the
    account of a person created here: a known person is never linked to an
    account by registering them again (``link_person_account`` does that, for staff).
    A new person is audit-logged as ``registered_by`` (none for the system).
    """
    number = normalise_id_number(id_number)
    real_name = real_name.strip()
    person = Person.objects.select_for_update().with_id_number(number).first()
    if person is None:
        person = Person(real_name=real_name, household_region=household_region)
        person.set_id_number(number)
        person.set_mobile(mobile)
        person.user = user
        person.full_clean()
        person.save()
        log(instance=person, action="wagtail.create", user=registered_by)
        return person
    if person.real_name != real_name:
        raise ValidationError(
            _(
                "This ID number is already registered under another name. Check the "
                "number, or ask an administrator to correct the name."
            ),
            code="name_mismatch",
        )
    changed = []
    if mobile and not person.mobile_encrypted:
        person.set_mobile(mobile)
        changed += ["mobile_encrypted", "mobile_masked"]
    if household_region and not person.household_region_id:
        person.household_region = household_region
        changed.append("household_region")
    if changed:
        person.save(update_fields=changed)
    return person


def self_registration_refused() -> ValidationError:
    """The one answer to a self-service registration that cannot go ahead, whatever
    the reason (a number already on record, under this name or another, with or
    without an account): it must not tell a stranger whether a number is known."""
    return ValidationError(
        _(
            "We could not register you with these details. Check your name and ID "
            "number. If you are already on record with us (for example as a "
            "workshop leader, inheritor or former trainee), ask the office that "
            "registered you to link your account to your record."
        ),
        code="refused",
    )


@transaction.atomic
def register_own_person(
    *,
    user: User,
    real_name: str,
    id_number: str,
    household_region: Region | None = None,
) -> Person:
    """A signed-up user names themselves on a self-service form (registering for a
    competition): a new person is created and linked to their account. A number
    already on record is refused, with ``self_registration_refused``: typing a
    known person's name and number proves nothing, so it must not make the caller
    that person."""
    if Person.objects.filter(user=user).exists():
        raise self_registration_refused()
    number = normalise_id_number(id_number)
    if Person.objects.select_for_update().with_id_number(number).exists():
        raise self_registration_refused()
    return register_person(
        real_name=real_name,
        id_number=number,
        household_region=household_region,
        user=user,
    )


@transaction.atomic
def link_person_account(*, person: Person, account: User, by: User | None) -> Person:
    """Link a person on record to the account they log in with, on the word of the
    staff member ``by`` who checked who they are (audit-logged). An account belongs
    to one person, and a person to one account."""
    linked_to = (
        Person.objects.select_for_update().values_list("user_id", flat=True)
    ).get(pk=person.pk)
    if linked_to == account.pk:
        person.user = account
        return person
    if linked_to is not None:
        raise ValidationError(
            _("This person already logs in with another account."), code="person"
        )
    if Person.objects.filter(user=account).exists():
        raise ValidationError(
            _("This account already belongs to another person."), code="account"
        )
    person.user = account
    person.save(update_fields=["user"])
    log(
        instance=person,
        action="lms.person.link_account",
        user=by,
        data={"account_id": account.pk, "account": str(account)},
    )
    return person


@dataclass
class PopulationListReport:
    """What importing a population list did: the import recorded, or the
    problems of its rows (and then nothing was written)."""

    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    record: PopulationImport | None = None

    @property
    def ok(self) -> bool:
        return self.record is not None


@transaction.atomic
def import_population_list(
    *, file: IO[bytes], file_name: str, by: User
) -> PopulationListReport:
    """Import a list of people out of poverty (脱贫人口) or monitoring targets
    (防返贫监测对象) as status periods, all or nothing: any bad row and nothing is
    written; the report names every problem of every row. A person not yet on
    record is created from the row (never linked to an account). The import is
    kept with its file (private storage), named as the source of its periods and
    audit-logged (``lms.population.import``). Raises ValidationError when the
    file itself cannot be read."""
    rows = read_population_list(file, file_name)
    check = check_population_list(rows, user=by)
    report = PopulationListReport(rows=len(rows), problems=check.problems)
    if not check.ok:
        return report

    file_name = strip_control_characters(file_name)[:255]
    record = PopulationImport.objects.create(
        file_name=file_name,
        region_id=policy.staff_region_code(by),
        imported_by=by,
        rows=len(rows),
    )
    people = {person.id_number_digest: person for person in check.people.values()}
    new_people = []
    for row in check.rows:
        digest = identity.digest(row.id_number)
        if digest not in people:
            person = Person(
                real_name=row.name, household_region_id=check.regions[row.id_number]
            )
            person.set_id_number(row.id_number)
            people[digest] = person
            new_people.append(person)
        elif not people[digest].household_region_id:
            people[digest].household_region_id = check.regions[row.id_number]
            people[digest].save(update_fields=["household_region"])
    Person.objects.bulk_create(new_people, batch_size=1000)
    StatusPeriod.objects.bulk_create(
        [
            StatusPeriod(
                person=people[identity.digest(row.id_number)],
                group=row.group,
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                proof=_("Row %(row)s of %(file)s")
                % {"row": row.row, "file": file_name[:200]},
                recorded_by=by,
                source=record,
            )
            for row in check.rows
        ],
        batch_size=1000,
    )
    file.seek(0)
    record.file.save(
        f"{uuid.uuid4().hex}{Path(file_name).suffix.lower()}", File(file), save=False
    )
    record.people_created = len(new_people)
    record.periods_created = len(check.rows)
    record.save(update_fields=["file", "people_created", "periods_created"])
    log(
        instance=record,
        action="lms.population.import",
        user=by,
        data={
            "file_name": file_name,
            "rows": record.rows,
            "people_created": record.people_created,
            "periods_created": record.periods_created,
        },
    )
    report.record = record
    return report


@transaction.atomic
def record_verified_phone(
    *, user: User, phone: str, forget_credentials: bool = False
) -> User:
    """The holder of ``user`` proved ``phone`` with a code sent to it: the account
    holds it, verified, and the person linked to the account takes it as their
    mobile, so one person has one number however they log in (audit-logged).
    ``forget_credentials`` drops an email and password set without that proof (a
    stranger's sign-up on an account an institution opened for the number)."""
    user.set_phone(phone, verified=True)
    if forget_credentials:
        user.email = ""
        user.set_unusable_password()
        EmailAddress.objects.filter(user=user).delete()
    user.save()
    person = Person.objects.filter(user=user).first()
    if person is not None:
        person.set_mobile(phone)
        person.save(update_fields=["mobile_encrypted", "mobile_masked"])
    log(
        instance=user,
        action="lms.verify_phone",
        user=user,
        data={"phone": user.phone_masked},
    )
    return user


@transaction.atomic
def open_account_for_mobile(
    *,
    mobile: str,
    opened_by: User,
    real_name: str = "",
    id_number: str = "",
) -> User:
    """The account of the trainee with this mobile number, for a roster (花名册):
    the account that holds the number, else the account of the person (by ID
    number, registered if new), else a new account that holds the number unproven.
    Whoever later proves the number by code (sign-up or login) gets that account
    and what it was enrolled on. A number held by another person's account is
    refused. Audit-logged when an account is opened."""
    phone = mobile_e164(mobile)
    if not phone:
        raise ValidationError(_("Give the trainee's mobile number."), code="mobile")
    account = User.objects.select_for_update().with_phone(phone).first()
    person = None
    if id_number:
        person = register_person(
            real_name=real_name,
            id_number=id_number,
            mobile=phone,
            registered_by=opened_by,
        )
        if person.user_id and account and person.user_id != account.pk:
            raise ValidationError(
                _("This mobile number belongs to another person's account."),
                code="mobile_taken",
            )
        if person.user_id and account is None:
            account = person.user
            if account.phone_digest:
                raise ValidationError(
                    _("This person's account uses another mobile number."),
                    code="mobile_mismatch",
                )
            account.set_phone(phone)
            account.save()
    if account is None:
        account = User(username=f"m{uuid.uuid4().hex[:20]}")
        account.set_unusable_password()
        account.set_phone(phone)
        account.save()
        account.groups.add(Group.objects.get(name=Role.TRAINEE))
        log(
            instance=account,
            action="lms.open_account_for_mobile",
            user=opened_by,
            data={"phone": account.phone_masked},
        )
    if person is not None and person.user_id is None:
        if Person.objects.filter(user=account).exists():
            raise ValidationError(
                _("This mobile number belongs to another person's account."),
                code="mobile_taken",
            )
        person.user = account
        person.save(update_fields=["user"])
    return account
