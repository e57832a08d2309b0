"""Population lists for the tests: CSV and XLSX files built from rows."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from lms.population import TEMPLATE_HEADINGS

HEADINGS = TEMPLATE_HEADINGS[:5]


def row(id_number, name="李秀英", group="脱贫人口", starts="2021-01-01", ends=""):
    return [id_number, name, group, starts, ends]


def csv_file(rows, *, headings=HEADINGS, encoding="utf-8-sig", name="名单.csv"):
    text = io.StringIO()
    csv.writer(text).writerows([headings, *rows])
    return SimpleUploadedFile(name, text.getvalue().encode(encoding), "text/csv")


def xlsx_file(rows, *, headings=HEADINGS, name="名单.xlsx"):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(headings)
    for values in rows:
        sheet.append(
            [
                dt.date.fromisoformat(value)
                if index in (3, 4) and value
                else (value or None)
                for index, value in enumerate(values)
            ]
        )
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile(
        name,
        output.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
