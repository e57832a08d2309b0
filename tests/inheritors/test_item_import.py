"""Importing the item register from XLSX or CSV: good files land whole, a file with
any bad row lands not at all, and every bad row is named with its reason."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from inheritors.models import IchItem, IchListing
from inheritors.services import import_ich_items, read_table
from inheritors.services.item_values import normalise_code
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = [
    "项目编号",
    "项目名称",
    "类别",
    "级别",
    "地区代码",
    "批次",
    "公布年份",
    "类型",
    "保护单位",
]
SHUXIU = [
    "Ⅶ-21",
    "蜀绣",
    "传统美术",
    "国家级",
    "510100",
    "第一批",
    "2006",
    "新增项目",
    "成都市非遗保护中心",
]
SHUJIN = [
    "Ⅷ-16",
    "蜀锦织造技艺",
    "传统技艺",
    "国家级",
    "510100",
    "1",
    "2006",
    "",
    "成都蜀锦织绣有限责任公司",
]
SHUJIN_PROVINCIAL = [
    "Ⅷ-1",
    "蜀锦织造技艺",
    "传统技艺",
    "省级",
    "510100",
    "1",
    "2007",
    "",
    "成都蜀锦织绣有限责任公司",
]


def xlsx(*rows) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


def csv_bytes(*rows, encoding="utf-8-sig") -> io.BytesIO:
    text = "\n".join(",".join(row) for row in rows)
    return io.BytesIO(text.encode(encoding))


def run(*rows, user=None):
    return import_ich_items(
        rows=read_table(xlsx(HEADER, *rows), "list.xlsx"), user=user
    )


@pytest.mark.parametrize(
    ("written", "code"),
    [("Ⅷ-25", "Ⅷ-25"), ("VIII-25", "Ⅷ-25"), ("Ⅷ—025", "Ⅷ-25"), ("ⅷ－25", "Ⅷ-25")],
)
def test_codes_are_normalised(written, code):
    assert normalise_code(written) == code


def test_a_good_workbook_creates_items_and_listings():
    report = run(SHUXIU, SHUJIN)
    assert report.ok
    assert (report.items_created, report.listings_created) == (2, 2)
    shuxiu = IchItem.objects.get(code="Ⅶ-21")
    assert (shuxiu.name, shuxiu.category, shuxiu.level) == ("蜀绣", "VII", "national")
    assert shuxiu.list_region is None
    listing = shuxiu.listings.get()
    assert (listing.region_id, listing.batch, listing.year) == ("510100", 1, 2006)


def test_one_item_listed_for_two_regions_is_one_item_with_two_listings():
    extension = [*SHUXIU]
    extension[4], extension[5], extension[7] = "510104", "3", "扩展项目"
    report = run(SHUXIU, extension)
    assert report.ok
    item = IchItem.objects.get(code="Ⅶ-21")
    assert item.listings.count() == 2
    assert item.listings.get(region_id="510104").listing_type == "extension"


def test_the_same_code_on_the_provincial_list_is_a_different_item():
    report = run(SHUJIN, SHUJIN_PROVINCIAL)
    assert report.ok
    provincial = IchItem.objects.get(level="provincial")
    assert (provincial.code, provincial.list_region_id) == ("Ⅷ-1", "510000")


def test_importing_the_same_file_again_changes_nothing():
    run(SHUXIU, SHUJIN)
    report = run(SHUXIU, SHUJIN)
    assert (report.items_created, report.listings_created, report.unchanged) == (
        0,
        0,
        2,
    )


def test_a_corrected_protection_unit_updates_the_listing():
    run(SHUXIU)
    changed = [*SHUXIU]
    changed[8] = "成都蜀绣博物馆"
    report = run(changed)
    assert report.listings_updated == 1
    assert IchListing.objects.get().protection_unit == "成都蜀绣博物馆"


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row():
    bad = [*SHUJIN]
    bad[0] = "25"
    report = run(SHUXIU, bad)
    assert not report.ok
    assert [error.row for error in report.errors] == [3]
    assert "Ⅷ-25" in report.errors[0].message
    assert not IchItem.objects.exists()
    assert not IchListing.objects.exists()


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        (2, "传统戏法", "categories"),
        (2, "传统音乐", "does not match"),
        (3, "乡级", "level"),
        (4, "999999", "division code"),
        (5, "首批", "batch"),
        (6, "1888", "year"),
        (7, "合并", "type"),
        (8, "", "protection unit"),
        (1, "", "name"),
    ],
)
def test_each_bad_value_is_refused_with_its_reason(column, value, reason):
    row = [*SHUXIU]
    row[column] = value
    report = run(row)
    assert not report.ok
    assert any(reason in error.message for error in report.errors), report.errors
    assert not IchItem.objects.exists()


def test_every_bad_row_is_reported_not_just_the_first():
    first, second = [*SHUXIU], [*SHUJIN]
    first[3], second[4] = "乡级", "12345"
    report = run(first, second)
    assert {error.row for error in report.errors} == {2, 3}


def test_a_code_used_for_another_name_is_refused():
    run(SHUXIU)
    clash = [*SHUXIU]
    clash[1] = "湘绣"
    report = run(clash)
    assert "蜀绣" in report.errors[0].message
    assert IchItem.objects.get().name == "蜀绣"


def test_a_listing_twice_in_one_file_is_refused():
    report = run(SHUXIU, SHUXIU)
    assert [error.row for error in report.errors] == [3]


def test_an_officer_may_import_only_their_region():
    officer = factories.officer("510104")
    county_item = [
        "Ⅶ-3",
        "锦江刺绣",
        "传统美术",
        "县级",
        "510104",
        "1",
        "2010",
        "",
        "锦江区文化馆",
    ]
    report = run(county_item, SHUXIU, user=officer)
    assert [error.row for error in report.errors] == [3]
    assert "outside your scope" in report.errors[0].message
    assert run(county_item, user=officer).ok


def test_a_gb18030_csv_from_excel_is_read():
    data = csv_bytes(HEADER, SHUXIU, encoding="gb18030")
    report = import_ich_items(rows=read_table(data, "名录.csv"))
    assert report.ok
    assert IchItem.objects.get().name == "蜀绣"


def test_english_headers_are_accepted():
    header = [
        "code",
        "name",
        "category",
        "level",
        "region",
        "batch",
        "year",
        "type",
        "protection_unit",
    ]
    rows = read_table(
        csv_bytes(
            header,
            ["Ⅶ-21", "蜀绣", "VII", "national", "510100", "1", "2006", "new", "中心"],
        ),
        "a.csv",
    )
    assert import_ich_items(rows=rows).ok


def test_a_file_without_the_required_columns_is_refused():
    with pytest.raises(ValidationError, match="项目编号|code"):
        read_table(xlsx(["名称", "类别"], ["蜀绣", "传统美术"]), "list.xlsx")


@pytest.mark.parametrize(
    ("content", "name"), [(b"not a workbook", "list.xlsx"), (b"a,b", "list.txt")]
)
def test_an_unreadable_file_is_refused(content, name):
    with pytest.raises(ValidationError):
        read_table(io.BytesIO(content), name)


def test_the_command_imports_a_file(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx(HEADER, SHUXIU).getvalue())
    call_command("import_ich_items", str(path), stdout=io.StringIO())
    assert IchItem.objects.count() == 1


def test_the_command_fails_on_a_bad_row_and_imports_nothing(tmp_path):
    bad = [*SHUJIN]
    bad[3] = "乡级"
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx(HEADER, SHUXIU, bad).getvalue())
    errors = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_ich_items", str(path), stderr=errors)
    assert "row 3" in errors.getvalue()
    assert not IchItem.objects.exists()


def test_an_officer_uploads_a_file_and_reads_the_report(client):
    client.force_login(factories.officer("510100"))
    url = reverse("ich-items:import")
    assert client.get(url).status_code == 200
    bad = [*SHUJIN]
    bad[6] = "明年"
    upload = SimpleUploadedFile("list.xlsx", xlsx(HEADER, SHUXIU, bad).getvalue())
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert response.context["report"].errors[0].row == 3
    assert "明年" in response.text
    assert not IchItem.objects.exists()
    upload = SimpleUploadedFile("list.xlsx", xlsx(HEADER, SHUXIU).getvalue())
    response = client.post(url, {"file": upload})
    assert response.context["report"].ok
    assert IchItem.objects.count() == 1


def test_a_trainee_cannot_reach_the_import(client):
    client.force_login(factories.trainee())
    response = client.get(reverse("ich-items:import"))
    assert response.status_code in (302, 403)


def test_an_hr_officer_without_add_permission_cannot_import(client):
    from lms.roles import Role

    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    upload = SimpleUploadedFile("list.xlsx", xlsx(HEADER, SHUXIU).getvalue())
    response = client.post(reverse("ich-items:import"), {"file": upload})
    assert response.status_code in (302, 403)
    assert not IchItem.objects.exists()


def test_control_characters_in_cells_are_stripped_at_import():
    row = [*SHUXIU]
    row[1] = "蜀\x00绣\x1b"
    row[8] = "成都市非遗\x07保护中心"
    report = import_ich_items(rows=read_table(csv_bytes(HEADER, row), "list.csv"))
    assert report.ok, report.errors
    listing = IchListing.objects.get()
    assert listing.item.name == "蜀绣"
    assert listing.protection_unit == "成都市非遗保护中心"


def test_a_control_character_stored_earlier_does_not_break_the_xlsx_export(client):
    from openpyxl import load_workbook

    # SQLite keeps a NUL, PostgreSQL refuses one; both keep \x01, which openpyxl
    # refuses just the same (IllegalCharacterError).
    stored = "\x00" if connection.vendor == "sqlite" else "\x01"
    factories.ich_item(name=f"蜀{stored}绣")
    client.force_login(factories.officer("510100"))
    response = client.get(reverse("ich-items:index"), {"export": "xlsx"})
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    book = load_workbook(io.BytesIO(content))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert "蜀绣" in cells
