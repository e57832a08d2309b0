"""Cells the project writes to spreadsheets and CSV files never start a formula."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lms.spreadsheets import csv_bytes, safe_cell, xlsx_bytes

DANGEROUS = [
    '=HYPERLINK("http://evil.example/","点我")',
    "+1",
    "-1",
    "@SUM(1)",
    "\t=1+2",
    "\r=1+2",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_starting_like_a_formula_is_written_as_text(text):
    assert safe_cell(text) == "'" + text


def test_ordinary_text_is_left_alone():
    assert safe_cell("王秀英 1+1") == "王秀英 1+1"


@pytest.mark.parametrize("number", [-1, Decimal("-500.00"), -0.5, 3])
def test_numbers_stay_numbers_even_when_negative(number):
    assert safe_cell(number) is number


def test_a_csv_file_carries_each_dangerous_cell_as_text():
    data = csv_bytes([["name", "amount"], *[[text, -1] for text in DANGEROUS]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [row[0] for row in rows[1:]] == ["'" + text for text in DANGEROUS]
    assert {row[1] for row in rows[1:]} == {"-1"}


def test_a_workbook_holds_no_formula_and_keeps_numbers():
    book = load_workbook(io.BytesIO(xlsx_bytes([[text, -1] for text in DANGEROUS])))
    cells = list(book.active.iter_rows())
    assert all(name.data_type == "s" for name, _amount in cells)
    # XML keeps a carriage return as a line feed.
    expected = ["'" + text.replace("\r", "\n") for text in DANGEROUS]
    assert [name.value for name, _amount in cells] == expected
    assert all(amount.value == -1 and amount.data_type == "n" for _, amount in cells)
