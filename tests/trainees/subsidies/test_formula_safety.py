"""Names that start like a formula reach HR's files as text: the payment list, the
eligibility report, the review queue's export and the evidence archive's CSVs."""

import csv
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook

from lms.models import Person
from lms.roles import Role
from tests import factories
from tests.lms.test_spreadsheets import DANGEROUS
from tests.trainees.subsidies import factories as subsidy
from trainees.subsidies import services
from trainees.subsidies.services import archive_claim

pytestmark = pytest.mark.django_db
JINJIANG, SICHUAN = "510104", "510000"
SAFE = {"'" + text for text in DANGEROUS}


@pytest.fixture
def claims():
    """One claim for each dangerous name, approved."""
    school = factories.institution(JINJIANG)
    course = subsidy.course(school)
    for text in DANGEROUS:
        person = factories.person(region=JINJIANG)
        # Straight into the row: a form would strip the tab and the return.
        Person.objects.filter(pk=person.pk).update(real_name=text)
        person.refresh_from_db()
        subsidy.trained(course, person=person)
    claims = services.submit_cohort_claims(
        course=course,
        policy=subsidy.policy(JINJIANG),
        submitted_by=factories.institution_staff(school),
        on=subsidy.TODAY,
    ).claims
    officer = factories.officer(SICHUAN, Role.HR_OFFICER)
    for claim in claims:
        services.approve_claim(claim=claim, officer=officer)
    return claims


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer(JINJIANG, Role.HR_OFFICER))
    return client


def csv_rows(response) -> list[list[str]]:
    data = (
        b"".join(response.streaming_content)
        if hasattr(response, "streaming_content")
        else response.content
    )
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_cells(response) -> list:
    streamed = response.streaming
    data = b"".join(response.streaming_content) if streamed else response.content
    book = load_workbook(io.BytesIO(data))
    return [cell for row in book.active.iter_rows() for cell in row]


def column(rows: list[list[str]], heading: str) -> set[str]:
    index = rows[0].index(heading)
    return {row[index] for row in rows[1:]}


def test_the_payment_list_csv_carries_names_as_text(officer_client, claims):
    url = reverse("subsidy-claims:payment_list") + "?format=csv"
    assert column(csv_rows(officer_client.get(url)), "real name") == SAFE


def test_the_payment_list_workbook_has_no_formula_and_numeric_amounts(
    officer_client, claims
):
    cells = xlsx_cells(officer_client.get(reverse("subsidy-claims:payment_list")))
    assert not [cell for cell in cells if cell.data_type == "f"]
    names = {cell.value for cell in cells if str(cell.value).startswith("'")}
    assert names == {text.replace("\r", "\n") for text in SAFE}
    amounts = [cell.value for cell in cells if cell.column == 8 and cell.row > 1]
    assert amounts == [1000] * len(DANGEROUS)


def test_the_eligibility_report_carries_names_as_text(officer_client, claims):
    url = reverse("subsidy-claims:eligibility_report")
    policy = claims[0].policy_id
    response = officer_client.get(url, {"policy": policy, "format": "csv"})
    assert column(csv_rows(response), "real name") == SAFE


def test_the_queue_export_carries_names_as_text(officer_client, claims):
    url = reverse("subsidy-claims:index") + "?export=csv"
    rows = csv_rows(officer_client.get(url))
    assert {row[1] for row in rows[1:]} == SAFE  # the trainee's name


def test_the_queue_workbook_has_no_formula(officer_client, claims):
    url = reverse("subsidy-claims:index") + "?export=xlsx"
    cells = xlsx_cells(officer_client.get(url))
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert not [cell for cell in cells if str(cell.value).startswith(("+", "-", "@"))]


def test_the_evidence_roster_carries_the_name_as_text(claims, settings):
    settings.LANGUAGE_CODE = "en"
    for claim in claims:
        archive = archive_claim(claim_id=claim.pk)
        with default_storage.open(archive.file.name, "rb") as handle:
            roster = zipfile.ZipFile(io.BytesIO(handle.read())).read("roster.csv")
        rows = list(csv.reader(io.StringIO(roster.decode("utf-8-sig"), newline="")))
        assert rows[1][0] == "'" + claim.person.real_name
