"""The rural revitalization officer uploads a population list in Chromium, on a
phone and on a desktop, and reads the report: first the refusal with its bad
row, then the import of the corrected file."""

import pytest

from lms.models import PopulationImport, StatusPeriod
from lms.roles import Role
from tests import factories
from tests.conftest import log_in_browser
from tests.lms.population_helpers import csv_file, row

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_rural_officer_uploads_a_list_and_reads_the_report(
    browser, live_server, tmp_path, width
):
    officer = factories.officer(
        "510104", Role.RURAL_OFFICER, email=f"rural{width}@example.org"
    )
    good = row(factories.id_number(), name="李秀英")
    bad = row("510104198001011234", name="王桂芳")
    refused = tmp_path / "refused.csv"
    refused.write_bytes(csv_file([good, bad]).read())
    corrected = tmp_path / "corrected.csv"
    corrected.write_bytes(csv_file([good]).read())

    page = log_in_browser(browser, live_server, officer, locale="en")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/admin/population-lists/new/")
    page.set_input_files("input[name=file]", str(refused))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_load_state()

    report = page.locator("table.import-errors")
    assert report.is_visible()
    cells = report.locator("tbody tr").first.locator("td")
    assert cells.nth(0).inner_text() == "3"
    assert cells.nth(1).inner_text() == "5101**********1234"
    assert "Bad ID number" in cells.nth(3).inner_text()
    assert page.get_by_role("heading", name="Nothing was imported").is_visible()
    # The report fits the phone: the page itself does not scroll sideways.
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= width + 1
    assert not PopulationImport.objects.exists()

    page.set_input_files("input[name=file]", str(corrected))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Imported").is_visible()
    assert "1 status period recorded" in page.content()
    assert StatusPeriod.objects.get().source == PopulationImport.objects.get()
    page.context.close()
