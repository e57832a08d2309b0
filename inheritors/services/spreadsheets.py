"""Reading a spreadsheet (.xlsx or .csv) into numbered rows of named columns."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lms.validators import strip_control_characters

Row = tuple[int, dict[str, str]]

# No cell of a register is longer; a longer one is a damaged or hostile file.
MAX_CELL_CHARACTERS = 2000


def read_spreadsheet(
    handle: IO[bytes],
    filename: str,
    *,
    columns: dict[str, set[str]],
    required: tuple[str, ...],
    max_rows: int,
) -> list[Row]:
    """Rows of an .xlsx or .csv file as (sheet row number, {column: text}), the
    columns named by any of their accepted headers. Raises ValidationError when
    the file itself cannot be read or lacks a required column."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        raw = _xlsx_rows(handle)
    elif suffix == ".csv":
        raw = _csv_rows(handle.read())
    else:
        raise ValidationError(_("Upload an .xlsx or .csv file."), code="type")
    rows = iter(raw)
    header_number, header = next(
        ((n, cells) for n, cells in rows if any(c.strip() for c in cells)), (0, None)
    )
    if header is None:
        raise ValidationError(_("The file is empty."), code="empty")
    names = [_column(cell, columns) for cell in header]
    missing = [name for name in required if name not in names]
    if missing:
        raise ValidationError(
            _("Row %(row)s lacks the column(s): %(columns)s.")
            % {"row": header_number, "columns": ", ".join(missing)},
            code="columns",
        )
    table = []
    too_long = []
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if any(len(cell) > MAX_CELL_CHARACTERS for cell in cells):
            too_long.append(str(number))
            continue
        values = dict(zip(names, cells, strict=False))
        table.append((number, {k: v.strip() for k, v in values.items() if k}))
        if len(table) > max_rows:
            raise ValidationError(
                _("The file has more than %(max)s rows; split it.") % {"max": max_rows},
                code="size",
            )
    if too_long:
        raise ValidationError(
            _("Row(s) %(rows)s have a cell longer than %(max)s characters.")
            % {"rows": ", ".join(too_long), "max": MAX_CELL_CHARACTERS},
            code="cell_size",
        )
    return table


def _column(cell: str, columns: dict[str, set[str]]) -> str:
    text = unicodedata.normalize("NFKC", cell or "").strip().lower()
    return next((key for key, names in columns.items() if text in names), "")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return str(value.year)
    return strip_control_characters(str(value))


def _xlsx_rows(handle: IO[bytes]):
    from openpyxl import load_workbook

    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
        raise ValidationError(
            _("This is not a readable .xlsx workbook."), code="xlsx"
        ) from None
    sheet = book.worksheets[0]
    number = 0
    try:
        # A read-only workbook parses its sheet while rows are read: a truncated
        # or damaged sheet fails here, not when the workbook is opened.
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell(value) for value in row]
    except Exception:  # noqa: BLE001 - XML, zip and value errors alike
        raise ValidationError(
            _(
                "The .xlsx workbook is damaged after row %(row)s (a truncated or "
                "corrupt sheet). Save it again from the spreadsheet program."
            )
            % {"row": number},
            code="xlsx",
        ) from None
    finally:
        book.close()


def _csv_rows(data: bytes):
    # Excel in China saves CSV as GB18030 unless told otherwise.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The CSV file is neither UTF-8 nor GB18030."))
    reader = csv.reader(io.StringIO(text))
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, [strip_control_characters(cell) for cell in cells]
    except csv.Error:
        # The reader's limit (131,072 characters a field) or a NUL in the file.
        raise ValidationError(
            _(
                "Row %(row)s cannot be read: a cell is longer than %(max)s "
                "characters or the file is damaged."
            )
            % {"row": number + 1, "max": MAX_CELL_CHARACTERS},
            code="csv",
        ) from None
