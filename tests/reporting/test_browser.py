"""On a phone (375 px wide) in headless Chromium, an officer asks for the XLSX of a
report from its page, waits for the worker and downloads it."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from lms.models import Region
from reporting.reports import services
from reporting.reports.tasks import write_export_task
from tests.reporting.conftest import YEAR, identified

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_downloads_the_xlsx_from_the_report_page_on_a_phone(
    browser, live_server, county, export_tasks, tmp_path
):
    identified("510104", dt.date(2025, 5, 1))
    report = services.generate_report(
        region=Region.objects.get(code="510104"), period=YEAR, user=county
    )
    client = Client()
    client.force_login(county)
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, accept_downloads=True, locale="zh-CN"
    )
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("statistics-reports:inspect", args=[report.pk]))
    assert page.locator("table[data-table=workshops]").is_visible()

    page.click("button[data-export=xlsx]")
    page.wait_for_selector("progress")
    assert len(export_tasks) == 1
    write_export_task.apply(args=[export_tasks[0]], throw=True)  # the worker
    page.reload()
    with page.expect_download() as downloading:
        page.click("a[data-download=xlsx]")
    saved = tmp_path / "report.xlsx"
    downloading.value.save_as(saved)
    context.close()

    sheet = load_workbook(saved)["表1 非遗工坊建设情况"]
    assert sheet["A5"].value == "510104"
    assert sheet["C5"].value == 1
