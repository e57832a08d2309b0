"""The population lists (人口名单) a rural revitalization officer imports: people
out of poverty (脱贫人口) and monitoring targets (防返贫监测对象).

Reading an uploaded file (an XLSX sheet read streaming, or a CSV file) into rows,
and checking every row against the ID-number rules, the regions, the officer's
scope, the other rows and the periods already on record. Nothing here writes:
``lms.services.import_population_list`` does, all or nothing.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import identity, policy
from lms.models import Person, Region, StatusGroup, StatusPeriod
from lms.validators import canonical, strip_control_characters

# The headings of the template, in its order; each column also accepts the
# other spellings below (compared after NFKC, in lower case).
TEMPLATE_HEADINGS = [
    "身份证号码",
    "姓名",
    "人群类别",
    "开始日期",
    "结束日期",
    "户籍地区代码",
]
COLUMNS = {
    "id_number": {"身份证号码", "身份证号", "公民身份号码", "id_number", "id number"},
    "name": {"姓名", "name"},
    "group": {"人群类别", "类别", "人群", "group"},
    "starts_on": {"开始日期", "起始日期", "starts_on", "start"},
    "ends_on": {"结束日期", "终止日期", "ends_on", "end"},
    "region": {"户籍地区代码", "地区代码", "region"},
}
REQUIRED = ("id_number", "name", "group", "starts_on")
# The two lists: the words an office writes for each group.
GROUP_WORDS = {
    "脱贫人口": StatusGroup.POVERTY_ALLEVIATED,
    "脱贫户成员": StatusGroup.POVERTY_ALLEVIATED,
    "poverty_alleviated": StatusGroup.POVERTY_ALLEVIATED,
    "防返贫监测对象": StatusGroup.MONITORING_TARGET,
    "监测对象": StatusGroup.MONITORING_TARGET,
    "监测帮扶对象": StatusGroup.MONITORING_TARGET,
    "monitoring_target": StatusGroup.MONITORING_TARGET,
}
MAX_ROWS = 100_000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# No cell of a list is longer; a longer one is a damaged or hostile file.
MAX_CELL_CHARACTERS = 200
# Lookups by ID number go to the database in batches of this many.
BATCH = 2000

DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{4})(\d{2})(\d{2})")


class Kind:
    """What is wrong with a row: the report names it, the tests check it."""

    ID_NUMBER = "id_number"
    NAME = "name"
    GROUP = "group"
    DATES = "dates"
    REGION = "region"
    OUTSIDE = "outside"
    OVERLAP = "overlap"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one row of the file, with the ID number and name as
    written there (shown back masked and formula-safe)."""

    row: int
    kind: str
    message: str
    id_number: str = ""
    name: str = ""


@dataclass(frozen=True)
class ListRow:
    """A row that reads well: an 18-character ID number, a group and dates."""

    row: int
    id_number: str
    name: str
    group: str
    starts_on: dt.date
    ends_on: dt.date | None
    region_code: str


@dataclass
class ListCheck:
    """The rows of a file, what is wrong with them, and what the import needs:
    the people already on record (by ID-number digest) and the household region
    of each new person."""

    rows: list[ListRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- Reading ---------------------------------------------------------------------


def read_population_list(handle: IO[bytes], filename: str) -> list[tuple[int, dict]]:
    """The rows of an .xlsx or .csv list as (sheet row number, {column: text}).
    Raises ValidationError when the file cannot be read, is too long or lacks a
    required column."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        raw = _xlsx_rows(handle)
    elif suffix == ".csv":
        raw = _csv_rows(handle)
    else:
        raise ValidationError(_("Upload an .xlsx or .csv file."), code="type")
    try:
        return _table(raw)
    finally:
        raw.close()  # the reader lets go of the file now, not when collected


def _table(raw: Iterator[tuple[int, list[str]]]) -> list[tuple[int, dict]]:
    header_number, names = 0, None
    table = []
    for number, cells in raw:
        if not any(cells):
            continue
        if names is None:
            header_number, names = number, [_column(cell) for cell in cells]
            missing = [
                heading
                for key, heading in zip(COLUMNS, TEMPLATE_HEADINGS, strict=False)
                if key in REQUIRED and key not in names
            ]
            if missing:
                raise ValidationError(
                    _("Row %(row)s lacks the column(s): %(columns)s.")
                    % {"row": header_number, "columns": "、".join(missing)},
                    code="columns",
                )
            continue
        if any(len(cell) > MAX_CELL_CHARACTERS for cell in cells):
            raise ValidationError(
                _("Row %(row)s has a cell longer than %(max)s characters.")
                % {"row": number, "max": MAX_CELL_CHARACTERS},
                code="cell_size",
            )
        table.append((number, {k: v for k, v in zip(names, cells, strict=False) if k}))
        if len(table) > MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS},
                code="size",
            )
    if names is None:
        raise ValidationError(_("The file is empty."), code="empty")
    return table


def _column(cell: str) -> str:
    text = unicodedata.normalize("NFKC", cell).strip().lower()
    return next((key for key, names in COLUMNS.items() if text in names), "")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return strip_control_characters(str(value)).strip()


def _xlsx_rows(handle: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
        raise ValidationError(
            _("This is not a readable .xlsx workbook."), code="xlsx"
        ) from None
    number = 0
    try:
        # Read-only: the sheet is parsed as its rows are read, never held whole.
        for number, row in enumerate(
            book.worksheets[0].iter_rows(values_only=True), start=1
        ):
            yield number, [_cell(value) for value in row]
    except Exception:  # noqa: BLE001 - XML, zip and value errors alike
        raise ValidationError(
            _("The .xlsx workbook is damaged after row %(row)s.") % {"row": number},
            code="xlsx",
        ) from None
    finally:
        book.close()


def _csv_encoding(binary) -> str:
    # Excel in China saves CSV as GB18030 unless told otherwise: the file is
    # decoded chunk by chunk as UTF-8 and, if that fails, as GB18030.
    for encoding in ("utf-8-sig", "gb18030"):
        binary.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := binary.read(1 << 16):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ValidationError(_("The CSV file is neither UTF-8 nor GB18030."), code="csv")


def _csv_rows(handle: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    binary = getattr(handle, "file", handle)
    encoding = _csv_encoding(binary)
    binary.seek(0)
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    try:
        for number, cells in enumerate(csv.reader(text), start=1):
            yield number, [_cell(cell) for cell in cells]
    except csv.Error:
        raise ValidationError(
            _("The CSV file cannot be read (a cell is too long or broken)."),
            code="csv",
        ) from None
    finally:
        text.detach()


# --- Checking --------------------------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    """2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日 or 20240301; None if empty.
    Raises ValueError for anything else or an impossible day."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None
    match = DATE.fullmatch(text)
    if match is None:
        raise ValueError(text)
    parts = [int(part) for part in match.groups() if part is not None]
    return dt.date(*parts)


def _read_row(number: int, values: dict) -> tuple[ListRow | None, list[Problem]]:
    raw_id = values.get("id_number", "")
    name = values.get("name", "")
    problems: list[str] = []
    kinds: list[str] = []

    def refuse(kind: str, message: str) -> None:
        kinds.append(kind)
        problems.append(message)

    id_number = ""
    try:
        id_number = identity.normalise_id_number(raw_id)
    except ValidationError as error:
        refuse(
            Kind.ID_NUMBER,
            _("Bad ID number: %(reason)s") % {"reason": " ".join(error.messages)},
        )
    if not name:
        refuse(Kind.NAME, _("The name is empty."))
    elif len(name) > 64:
        refuse(Kind.NAME, _("The name is longer than 64 characters."))
    group_text = unicodedata.normalize("NFKC", values.get("group", "")).strip()
    group = GROUP_WORDS.get(group_text.lower())
    if group is None:
        refuse(
            Kind.GROUP,
            _("The group “%(value)s” is neither 脱贫人口 nor 防返贫监测对象.")
            % {"value": group_text},
        )
    starts_on = ends_on = None
    try:
        starts_on = parse_date(values.get("starts_on", ""))
        if starts_on is None:
            refuse(Kind.DATES, _("The start date is empty."))
    except ValueError:
        refuse(
            Kind.DATES,
            _("The start date “%(value)s” is not a date such as 2024-03-01.")
            % {"value": values.get("starts_on", "")},
        )
    try:
        ends_on = parse_date(values.get("ends_on", ""))
    except ValueError:
        refuse(
            Kind.DATES,
            _("The end date “%(value)s” is not a date such as 2024-12-31.")
            % {"value": values.get("ends_on", "")},
        )
    if starts_on and starts_on > timezone.localdate():
        refuse(Kind.DATES, _("The start date is in the future."))
    if starts_on and ends_on and ends_on < starts_on:
        refuse(Kind.DATES, _("The period ends before it starts."))
    found = [
        Problem(number, kind, message, raw_id, name)
        for kind, message in zip(kinds, problems, strict=True)
    ]
    if found:
        return None, found
    row = ListRow(
        row=number,
        id_number=id_number,
        name=name,
        group=group,
        starts_on=starts_on,
        ends_on=ends_on,
        region_code=canonical(values.get("region", "")),
    )
    return row, []


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    far = dt.date.max
    return a_start <= (b_end or far) and b_start <= (a_end or far)


def _shown_period(starts_on: dt.date, ends_on: dt.date | None) -> str:
    return f"{starts_on.isoformat()} – {ends_on.isoformat() if ends_on else '…'}"


def _batches(values: Iterable, size: int = BATCH) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def check_population_list(rows: Iterable[tuple[int, dict]], *, user) -> ListCheck:
    """Check every row of a list for ``user`` to import: it reads well, it is not
    repeated in the file, its person is named as on record, lives in a known
    region inside the user's, and holds no period of the same group that shares
    a day with it. Every problem of every row is reported."""
    check = ListCheck()
    first_of: dict[tuple[str, str], list[ListRow]] = defaultdict(list)
    names: dict[str, ListRow] = {}
    for number, values in rows:
        row, problems = _read_row(number, values)
        if row is None:
            check.problems.extend(problems)
            continue
        refused = _against_the_file(row, first_of, names)
        if refused:
            check.problems.append(refused)
            continue
        first_of[(row.id_number, row.group)].append(row)
        names.setdefault(row.id_number, row)
        check.rows.append(row)

    digests = {identity.digest(row.id_number): row for row in check.rows}
    for batch in _batches(digests):
        for person in Person.objects.filter(id_number_digest__in=batch):
            check.people[person.id_number_digest] = person
    visible_ids: set[int] = set()
    people_ids = [person.pk for person in check.people.values()]
    for batch in _batches(people_ids):
        visible_ids.update(
            policy.visible(user, Person)
            .filter(pk__in=batch)
            .values_list("pk", flat=True)
        )
    held: dict[tuple[int, str], list[tuple]] = defaultdict(list)
    for batch in _batches(people_ids):
        periods = StatusPeriod.objects.filter(
            person_id__in=batch, group__in=list(set(GROUP_WORDS.values()))
        ).values_list("person_id", "group", "starts_on", "ends_on")
        for person_id, group, starts_on, ends_on in periods:
            held[(person_id, group)].append((starts_on, ends_on))
    known = set(Region.objects.active().values_list("code", flat=True))
    assignable = set(policy.assignable_regions(user).values_list("code", flat=True))

    for row in check.rows:
        digest = identity.digest(row.id_number)
        person = check.people.get(digest)
        refused = _against_the_record(
            row, person, visible_ids, held, known, assignable, check.regions
        )
        if refused:
            check.problems.append(refused)
    check.problems.sort(key=lambda problem: problem.row)
    return check


def _against_the_file(
    row: ListRow,
    first_of: dict[tuple[str, str], list[ListRow]],
    names: dict[str, ListRow],
) -> Problem | None:
    def problem(kind: str, message: str) -> Problem:
        return Problem(row.row, kind, message, row.id_number, row.name)

    earlier = names.get(row.id_number)
    if earlier is not None and earlier.name != row.name:
        return problem(
            Kind.NAME,
            _("Row %(row)s gives this ID number another name.") % {"row": earlier.row},
        )
    for other in first_of.get((row.id_number, row.group), []):
        if (other.starts_on, other.ends_on) == (row.starts_on, row.ends_on):
            return problem(
                Kind.DUPLICATE,
                _("The same row as row %(row)s.") % {"row": other.row},
            )
        if _overlap(row.starts_on, row.ends_on, other.starts_on, other.ends_on):
            return problem(
                Kind.OVERLAP,
                _("The period overlaps the one of row %(row)s (same person, group).")
                % {"row": other.row},
            )
    return None


def _against_the_record(
    row: ListRow,
    person: Person | None,
    visible_ids: set[int],
    held: dict[tuple[int, str], list[tuple]],
    known: set[str],
    assignable: set[str],
    regions: dict[str, str],
) -> Problem | None:
    def problem(kind: str, message: str) -> Problem:
        return Problem(row.row, kind, message, row.id_number, row.name)

    if person is not None and person.real_name != row.name:
        return problem(
            Kind.NAME,
            _("This ID number is on record under another name; check the number."),
        )
    if person is not None and person.household_region_id:
        if person.pk not in visible_ids:
            return problem(
                Kind.OUTSIDE,
                _("This person's household region is outside your region."),
            )
    else:
        code = row.region_code or row.id_number[:6]
        if code not in known:
            if row.region_code:
                message = _("The region code “%(code)s” is no known region.")
            else:
                message = _(
                    "The ID number's address code %(code)s is no known region: "
                    "give the household region code (户籍地区代码)."
                )
            return problem(Kind.REGION, message % {"code": code})
        if code not in assignable:
            return problem(
                Kind.OUTSIDE,
                _("The household region %(code)s is outside your region.")
                % {"code": code},
            )
        regions[row.id_number] = code
    if person is not None:
        for starts_on, ends_on in held.get((person.pk, row.group), []):
            if _overlap(row.starts_on, row.ends_on, starts_on, ends_on):
                return problem(
                    Kind.OVERLAP,
                    _(
                        "The period overlaps the period %(period)s of the same "
                        "group already on record."
                    )
                    % {"period": _shown_period(starts_on, ends_on)},
                )
    return None


def shown_id_number(raw: str, *, full: bool) -> str:
    """An ID number as a report shows it: whole to those who may see it, masked
    otherwise (a number too short to mask is hidden)."""
    text = canonical(raw)
    if full:
        return text
    return identity.mask_id_number(text) if len(text) >= 10 else "*" * len(text)
