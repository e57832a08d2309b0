"""A report's table as XLSX and PDF: the fixed layout, written by a worker into the
media storage, served only to those who may read the report."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from inheritors.models import WorkshopEmployment
from lms.models import Region
from reporting.models import StatisticsReportExport
from reporting.reports import services
from reporting.reports.exports import export_pdf, export_xlsx
from reporting.reports.tasks import write_export_task
from tests.reporting.conftest import BUCKET, YEAR, identified


@pytest.fixture
def prefecture_report(county, prefecture):
    shop = identified("510104", dt.date(2025, 5, 1))
    WorkshopEmployment.objects.create(
        workshop=shop, year=2025, employed=20, poverty_alleviated=8
    )
    identified("510100", dt.date(2025, 6, 1))
    county_report = services.generate_report(
        region=Region.objects.get(code="510104"), period=YEAR, user=county
    )
    services.submit_report(report=county_report, user=county)
    services.accept_report(report=county_report, user=prefecture)
    return services.generate_report(
        region=Region.objects.get(code="510100"), period=YEAR, user=prefecture
    )


def workbook(report):
    buffer = io.BytesIO()
    export_xlsx(report, buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def test_the_xlsx_has_one_sheet_per_table_with_chinese_headings(prefecture_report):
    book = workbook(prefecture_report)

    assert book.sheetnames == [
        "表1 非遗工坊建设情况",
        "表2 期末在册工坊按非遗门类分",
        "表3 培训与补贴情况",
    ]
    sheet = book["表1 非遗工坊建设情况"]
    assert sheet["A1"].value == "成都市非遗工坊建设情况统计（2025年度）"
    assert [c.value for c in sheet[4]][:4] == [
        "区划代码",
        "区划名称",
        "本期认定工坊（个）",
        "期末在册工坊（个）",
    ]


def test_the_xlsx_has_a_row_per_county_the_own_row_and_the_totals(prefecture_report):
    sheet = workbook(prefecture_report)["表1 非遗工坊建设情况"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    table = [row for row in rows if row[0] is not None and row[1] is not None]
    by_code = {row[0]: row for row in table}
    counties = Region.objects.filter(parent_id="510100", retired=False).count()

    assert len(table) == counties + 2  # the counties, the prefecture's own, totals
    assert by_code["510104"][1:4] == ["锦江区", 1, 1]
    assert by_code["510104"][7] == 20
    assert by_code["510105"][1] == "青羊区（未报）"
    assert by_code["510100"][1:3] == ["成都市（本级）", 1]
    totals = table[-1]
    assert totals[:3] == ["", "合计", 2]
    assert totals[7:9] == [20, 8]


def test_a_name_that_looks_like_a_formula_stays_text(county):
    Region.objects.filter(code="510104").update(name='=HYPERLINK("http://x","y")')
    report = services.generate_report(
        region=Region.objects.get(code="510104"), period=YEAR, user=county
    )

    sheet = workbook(report)["表1 非遗工坊建设情况"]
    cell = sheet["B5"]

    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://x","y")'


def test_the_pdf_opens_with_a_page_per_table(prefecture_report):
    buffer = io.BytesIO()
    export_pdf(prefecture_report, buffer)

    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    # pypdf reads the two-byte glyph codes of the CJK font with NULs between.
    text = reader.pages[0].extract_text().replace("\x00", "")

    assert len(reader.pages) == 3
    assert "表1" in text and "合计" in text


def test_the_export_task_writes_the_file_into_storage_for_download(
    client, county, export_tasks, django_capture_on_commit_callbacks
):
    report = services.generate_report(
        region=Region.objects.get(code="510104"), period=YEAR, user=county
    )
    client.force_login(county)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("statistics-reports:export", args=[report.pk, "xlsx"]))
    assert len(export_tasks) == 1
    write_export_task.apply(args=[export_tasks[0]], throw=True)
    export = StatisticsReportExport.objects.get(pk=export_tasks[0])
    response = client.get(reverse("statistics-reports:download", args=[export.pk]))
    content = b"".join(response.streaming_content)

    assert export.state == "done" and export.progress == 100
    assert export.file.storage.exists(export.file.name)
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(content)).sheetnames[0] == "表1 非遗工坊建设情况"


def test_a_neighbour_cannot_download_the_file(client, county, neighbour, export_tasks):
    report = services.generate_report(
        region=Region.objects.get(code="510104"), period=YEAR, user=county
    )
    export = services.request_export(report=report, user=county, format="pdf")
    write_export_task.apply(args=[export.pk], throw=True)
    client.force_login(neighbour)

    response = client.get(reverse("statistics-reports:download", args=[export.pk]))

    assert response.status_code == 404


def test_the_page_shows_the_progress_while_the_file_is_written(client, county):
    report = services.generate_report(
        region=Region.objects.get(code="510104"), period=YEAR, user=county
    )
    export = services.request_export(report=report, user=county, format="xlsx")
    StatisticsReportExport.objects.filter(pk=export.pk).update(
        state="running", progress=40
    )
    client.force_login(county)

    page = client.get(reverse("statistics-reports:inspect", args=[report.pk]))

    assert '<progress max="100" value="40"' in page.content.decode()


def test_the_export_is_stored_in_the_bucket(s3_bucket, county):
    report = services.generate_report(
        region=Region.objects.get(code="510104"), period=YEAR, user=county
    )
    export = services.request_export(report=report, user=county, format="xlsx")

    write_export_task.apply(args=[export.pk], throw=True)
    export.refresh_from_db()
    stored = s3_bucket.list_objects_v2(Bucket=BUCKET)

    assert [item["Key"] for item in stored["Contents"]] == [export.file.name]


def test_a_file_asked_for_before_the_report_was_generated_again_is_not_written(
    county,
):
    region = Region.objects.get(code="510104")
    report = services.generate_report(region=region, period=YEAR, user=county)
    export = services.request_export(report=report, user=county, format="xlsx")
    services.generate_report(region=region, period=YEAR, user=county)

    write_export_task.apply(args=[export.pk], throw=True)
    export.refresh_from_db()

    assert export.state == "failed"
    assert not export.file
