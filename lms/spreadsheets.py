"""Spreadsheets and CSV files the project writes, safe to open: a text cell that
starts like a formula (``= + - @``, a tab or a carriage return) is written with a
leading apostrophe (and control characters are dropped), so a name such as
``=HYPERLINK(...)`` typed into a form arrives as text, never as a live formula
(CSV/formula injection). Numbers stay numbers.

Every CSV and XLSX writer goes through this module: ``csv_bytes`` and
``xlsx_bytes`` for the files written by hand, ``SafeSpreadsheetExportMixin`` for
the ``list_export`` of Wagtail's index views and reports.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from lms.validators import strip_control_characters

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as it may go into a cell: text loses its control characters (a
    NUL stored by an old import would break an XLSX export for good) and, when it
    starts like a formula, is prefixed with an apostrophe; anything that is not
    text is left as it is."""
    if not isinstance(value, str):
        return value
    value = strip_control_characters(value, keep_lines=True)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """UTF-8 CSV, with a byte-order mark so that spreadsheet programs read the
    Chinese right, every cell made safe."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(safe_row(row) for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Iterable[Iterable]) -> bytes:
    """An XLSX workbook of one sheet, every cell made safe."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(safe_row(row))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


class SafeSpreadsheetExportMixin:
    """For a view with Wagtail's ``SpreadsheetExportMixin`` (every admin index
    view and report): headings and cells of its XLSX and CSV exports made safe."""

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return safe_cell(super().get_heading(queryset, field))
