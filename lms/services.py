"""Writes of the project package: regions, people, staff scopes and roles."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lms import policy
from lms.identity import normalise_id_number
from lms.models import Institution, Person, Region, StaffScope, User
from lms.roles import Role
from lms.validators import validate_region_code

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
        code = (row.get("code") or "").strip()
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
) -> StaffScope:
    """Give a staff member a role and the region and/or institution they work in.

    Institution staff also join the institution's group, which holds its Wagtail
    page and collection permissions.
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
    return scope


@transaction.atomic
def register_person(
    *,
    real_name: str,
    id_number: str,
    mobile: str = "",
    household_region: Region | None = None,
    user: User | None = None,
) -> Person:
    """The person with this ID number: found if already known, created otherwise.

    A known number under a different name is refused rather than doubled or
    silently renamed; missing mobile, region or account are filled in.
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
    if user and not person.user_id:
        person.user = user
        changed.append("user")
    if changed:
        person.save(update_fields=changed)
    return person
