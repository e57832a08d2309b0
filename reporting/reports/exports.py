"""A report's frozen table as a file, in the fixed layout of the statistical table:
XLSX (one sheet per table, Chinese headings, region codes and names, a totals row),
written row by row in xlsxwriter's constant-memory mode, and PDF (fpdf2, with the
CJK font of the certificates). Both read the snapshot only, never live data.

``export_xlsx(report, fileobj)`` is a plain function, so that a benchmark can time
it and measure its peak memory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import BinaryIO

import xlsxwriter
from django.utils import timezone
from fpdf import FPDF
from fpdf.fonts import FontFace

from lms.spreadsheets import safe_cell
from reporting.reports.snapshot import table_rows
from trainees.certificates.pdf import cjk_font

Progress = Callable[[float], None] | None
MISSING = "未报"
# The CJK font has one face: headings are shaded rather than bold.
HEADINGS = FontFace(emphasis="", fill_color=(230, 230, 230))


def _heading_lines(report) -> tuple[str, str]:
    snapshot = report.snapshot
    region, period = snapshot["region"], snapshot["period"]
    title = f"{region['name']}非遗工坊建设情况统计（{period['label']}）"
    generated = timezone.localtime(dt.datetime.fromisoformat(snapshot["generated_at"]))
    subtitle = (
        f"填报单位：{region['code']} {region['name']}　"
        f"统计期：{period['starts_on']} 至 {period['ends_on']}　"
        f"生成时间：{generated:%Y-%m-%d %H:%M}　状态：{report.get_state_display()}"
    )
    return safe_cell(title), safe_cell(subtitle)


def export_xlsx(report, fileobj: BinaryIO, *, progress: Progress = None) -> None:
    """Write the report as an XLSX workbook to ``fileobj``, one sheet per table."""
    book = xlsxwriter.Workbook(fileobj, {"constant_memory": True})
    bold = book.add_format({"bold": True})
    title_format = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "text_wrap": True, "border": 1})
    cell = book.add_format({"border": 1})
    number = book.add_format({"border": 1, "num_format": "#,##0.00"})
    total = book.add_format({"bold": True, "border": 1})
    total_number = book.add_format(
        {"bold": True, "border": 1, "num_format": "#,##0.00"}
    )
    title, subtitle = _heading_lines(report)
    tables = report.snapshot["tables"]
    for index, table in enumerate(tables):
        sheet = book.add_worksheet(table["title"][:31])
        columns = table["columns"]
        sheet.set_column(0, 0, 10)
        sheet.set_column(1, 1, 22)
        sheet.set_column(2, 1 + len(columns), 14)
        sheet.write_string(0, 0, title, title_format)
        sheet.write_string(1, 0, subtitle)
        sheet.write_string(2, 0, safe_cell(table["title"]), bold)
        sheet.write_string(3, 0, "区划代码", head)
        sheet.write_string(3, 1, "区划名称", head)
        for col, column in enumerate(columns, start=2):
            sheet.write_string(3, col, safe_cell(column["heading"]), head)
        row_number = 4
        for row in table_rows(report.snapshot, table["key"]):
            is_total = row.get("total", False)
            sheet.write_string(row_number, 0, row["code"], total if is_total else cell)
            name = row["name"] + (f"（{MISSING}）" if row["missing"] else "")
            sheet.write_string(
                row_number, 1, safe_cell(name), total if is_total else cell
            )
            for col, (column, value) in enumerate(
                zip(columns, row["values"], strict=True), start=2
            ):
                if column["kind"] == "int":
                    sheet.write_number(
                        row_number, col, int(value), total if is_total else cell
                    )
                else:
                    sheet.write_number(
                        row_number,
                        col,
                        float(Decimal(value)),
                        total_number if is_total else number,
                    )
            row_number += 1
        if table.get("note"):
            sheet.write_string(row_number + 1, 0, "注：" + safe_cell(table["note"]))
        if progress:
            progress((index + 1) / (len(tables) + 1))
    book.close()


def _pdf_value(kind: str, value) -> str:
    if kind == "int":
        return f"{int(value):,}"
    return f"{Decimal(value):,.2f}"


def export_pdf(report, fileobj: BinaryIO, *, progress: Progress = None) -> None:
    """Write the report as a PDF (A4 landscape, one table after another)."""
    path, face = cjk_font()
    title, subtitle = _heading_lines(report)
    document = FPDF(orientation="L", unit="mm", format="A4")
    document.set_creator("匠心 Jiangxin")
    document.set_title(title)
    document.set_creation_date(timezone.now())
    document.add_font("cjk", fname=path, collection_font_number=face)
    document.set_auto_page_break(True, margin=12)
    tables = report.snapshot["tables"]
    for index, table in enumerate(tables):
        document.add_page()
        document.set_font("cjk", size=14)
        document.multi_cell(0, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
        document.set_font("cjk", size=8)
        document.multi_cell(0, 5, subtitle, new_x="LMARGIN", new_y="NEXT")
        document.set_font("cjk", size=11)
        document.cell(0, 8, table["title"], new_x="LMARGIN", new_y="NEXT")
        columns = table["columns"]
        size = 7 if len(columns) > 8 else 8
        document.set_font("cjk", size=size)
        spare = (document.epw - 50) / len(columns)
        widths = (16, 34) + (spare,) * len(columns)
        with document.table(
            col_widths=widths,
            text_align="CENTER",
            line_height=size * 0.6,
            headings_style=HEADINGS,
        ) as grid:
            heading = grid.row()
            for text in ["区划代码", "区划名称", *(c["heading"] for c in columns)]:
                heading.cell(text)
            for row in table_rows(report.snapshot, table["key"]):
                line = grid.row()
                line.cell(row["code"])
                line.cell(row["name"] + (f"（{MISSING}）" if row["missing"] else ""))
                for column, value in zip(columns, row["values"], strict=True):
                    line.cell(_pdf_value(column["kind"], value))
        if table.get("note"):
            document.ln(2)
            document.cell(0, 5, "注：" + table["note"], new_x="LMARGIN", new_y="NEXT")
        if progress:
            progress((index + 1) / (len(tables) + 1))
    fileobj.write(bytes(document.output()))


WRITERS = {"xlsx": export_xlsx, "pdf": export_pdf}
