"""Importing the ICH item register from a spreadsheet: every row checked, a report
of the bad ones, and nothing written unless every row is good."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from inheritors.models import IchItem, IchLevel, IchListing
from inheritors.models.items import list_authority
from inheritors.services.item_values import (
    LEVEL_WORDS,
    TYPE_WORDS,
    normalise_code,
    parse_category,
    parse_choice,
    parse_number,
)
from inheritors.services.spreadsheets import Row, read_spreadsheet
from lms import parsing, policy
from lms.models import Region, User
from lms.validators import canonical

# Column names accepted in the header row (Chinese as issued, or English).
COLUMNS = {
    "code": {"code", "项目编号", "编号", "项目代码"},
    "name": {"name", "项目名称", "名称"},
    "category": {"category", "类别", "项目类别"},
    "level": {"level", "级别", "名录级别"},
    "region": {"region", "地区", "地区代码", "行政区划代码", "申报地区"},
    "batch": {"batch", "批次"},
    "year": {"year", "公布年份", "年份"},
    "listing_type": {"type", "listing_type", "类型", "项目类型"},
    "protection_unit": {"protection_unit", "protection unit", "保护单位"},
}
# The batch column's range (a small integer on PostgreSQL).
BATCH_MAX = parsing.column_range(IchListing._meta.get_field("batch"))[1]
REQUIRED = ("code", "name", "level", "region", "batch", "year", "protection_unit")
MAX_ROWS = 20_000


@dataclass
class RowError:
    row: int
    message: str


@dataclass
class ItemImport:
    """What an import did, or, when any row is bad, why it did nothing."""

    items_created: int = 0
    listings_created: int = 0
    listings_updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    number: int
    code: str
    name: str
    category: str
    level: str
    region: Region
    authority: str | None
    batch: int
    year: int
    listing_type: str
    protection_unit: str


def read_table(handle: IO[bytes], filename: str) -> list[Row]:
    """The rows of an item spreadsheet (see COLUMNS); ValidationError if unreadable."""
    return read_spreadsheet(
        handle, filename, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS
    )


# --- Checking rows --------------------------------------------------------------


def _check_row(number: int, values: dict[str, str], regions: dict[str, Region]):
    problems = []
    code = name = category = level = ""
    region = authority = None
    batch = year = 0
    listing_type = IchListing.Type.NEW
    try:
        code = normalise_code(values.get("code", ""))
    except ValueError:
        problems.append(
            _("the code %(value)r is not like Ⅷ-25") % {"value": values.get("code", "")}
        )
    name = values.get("name", "")
    if not name:
        problems.append(_("the name is empty"))
    elif len(name) > 100:
        problems.append(_("the name is longer than 100 characters"))
    if code:
        try:
            category = parse_category(values.get("category", ""), code)
        except ValueError as error:
            problems.append(str(error))
    try:
        level = parse_choice(values.get("level", ""), LEVEL_WORDS)
    except ValueError:
        problems.append(
            _("the level %(value)r is not national, provincial, municipal or county")
            % {"value": values.get("level", "")}
        )
    region_code = canonical(values.get("region", ""))[:6]
    region = regions.get(region_code)
    if region is None:
        problems.append(
            _("the region %(value)r is not a known 6-digit division code")
            % {"value": values.get("region", "")}
        )
    elif level:
        authority = list_authority(level, region.code)
        if authority is not None and authority not in regions:
            problems.append(
                _("no %(level)s list is kept above %(region)s")
                % {"level": IchLevel(level).label, "region": region.code}
            )
    try:
        batch = parse_number(values.get("batch", ""))
    except ValueError:
        problems.append(
            _("the batch %(value)r is not a number")
            % {"value": values.get("batch", "")}
        )
    else:
        if not 1 <= batch <= BATCH_MAX:
            problems.append(
                _("the batch %(value)s is not between 1 and %(max)s")
                % {"value": batch, "max": BATCH_MAX}
            )
    try:
        year = parsing.parse_int(
            canonical(values.get("year", "")),
            label=_("the year"),
            minimum=1990,
            maximum=dt.date.today().year,
        )
    except parsing.BadInput:
        problems.append(
            _("the year %(value)r is not a year since 1990")
            % {"value": values.get("year", "")}
        )
    try:
        listing_type = parse_choice(values.get("listing_type", ""), TYPE_WORDS)
    except ValueError:
        problems.append(
            _("the type %(value)r is neither new nor extension")
            % {"value": values.get("listing_type", "")}
        )
    unit = values.get("protection_unit", "")
    if not unit:
        problems.append(_("the protection unit is empty"))
    elif len(unit) > 200:
        problems.append(_("the protection unit is longer than 200 characters"))
    if problems:
        return None, problems
    return _Row(
        number,
        code,
        name,
        category,
        level,
        region,
        authority,
        batch,
        year,
        listing_type,
        unit,
    ), []


# --- Importing ------------------------------------------------------------------


@transaction.atomic
def import_ich_items(
    *, rows: Iterable[tuple[int, dict[str, str]]], user: User | None = None
) -> ItemImport:
    """Create items and listings from spreadsheet rows (see COLUMNS). Every bad row
    is reported with its number; if there is any, nothing is written. A user with
    a scope may import only rows of regions inside it."""
    result = ItemImport()
    regions = {region.code: region for region in Region.objects.all()}
    allowed = None
    if user is not None and not policy.sees_everything(user):
        allowed = set(Region.objects.in_scope(user).values_list("code", flat=True))
    seen_items: dict[tuple, tuple[int, str]] = {}
    seen_listings: dict[tuple, int] = {}
    good: list[_Row] = []
    for number, values in rows:
        row, problems = _check_row(number, values, regions)
        if row is not None:
            problems = _conflicts(row, allowed, seen_items, seen_listings)
        for problem in problems:
            result.errors.append(RowError(number, problem))
        if not problems:
            good.append(row)
    if result.errors:
        transaction.set_rollback(True)
        return result
    for row in good:
        _write(row, result, user)
    return result


def _conflicts(row: _Row, allowed, seen_items, seen_listings) -> list[str]:
    problems = []
    if allowed is not None and row.region.code not in allowed:
        problems.append(
            _("the region %(region)s is outside your scope") % {"region": row.region}
        )
    key = (row.level, row.authority, row.code)
    earlier = seen_items.get(key)
    if earlier and earlier[1] != row.name:
        problems.append(
            _("%(code)s is %(name)s on row %(row)s")
            % {"code": row.code, "name": earlier[1], "row": earlier[0]}
        )
    existing = _existing_item(row)
    if existing is not None and existing.name != row.name:
        problems.append(
            _("%(code)s on this list is already %(name)s")
            % {"code": row.code, "name": existing.name}
        )
    seen_items.setdefault(key, (row.number, row.name))
    listing_key = (*key, row.region.code, row.batch)
    if listing_key in seen_listings:
        problems.append(
            _("the same listing is on row %(row)s")
            % {"row": seen_listings[listing_key]}
        )
    seen_listings.setdefault(listing_key, row.number)
    return problems


def _existing_item(row: _Row) -> IchItem | None:
    return IchItem.objects.filter(
        level=row.level, list_region_id=row.authority, code=row.code
    ).first()


def _write(row: _Row, result: ItemImport, user: User | None) -> None:
    item = _existing_item(row)
    if item is None:
        item = IchItem.objects.create(
            code=row.code,
            name=row.name,
            category=row.category,
            level=row.level,
            list_region_id=row.authority,
        )
        result.items_created += 1
        log(instance=item, action="wagtail.create", user=user)
    values = {
        "year": row.year,
        "listing_type": row.listing_type,
        "protection_unit": row.protection_unit,
    }
    listing = IchListing.objects.filter(
        item=item, region=row.region, batch=row.batch
    ).first()
    if listing is None:
        IchListing.objects.create(
            item=item, region=row.region, batch=row.batch, **values
        )
        result.listings_created += 1
    elif any(getattr(listing, key) != value for key, value in values.items()):
        IchListing.objects.filter(pk=listing.pk).update(**values)
        result.listings_updated += 1
    else:
        result.unchanged += 1
