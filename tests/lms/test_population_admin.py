"""The population lists in the Wagtail admin: the rural revitalization officer
uploads a list and reads the report; what each officer sees of the lists and
the status periods is their region's; the role's group comes from a migration."""

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from lms.models import Person, PopulationImport, StatusGroup, StatusPeriod
from lms.population import TEMPLATE_HEADINGS
from lms.roles import STAFF_ROLES, Role
from lms.services import import_population_list
from tests import factories
from tests.lms.population_helpers import csv_file, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def rural():
    return factories.officer("510104", Role.RURAL_OFFICER)


def imported(user, *numbers):
    upload = csv_file([row(number) for number in numbers])
    return import_population_list(file=upload, file_name=upload.name, by=user).record


def test_the_rural_officer_uploads_a_list_and_it_is_imported(client, rural):
    client.force_login(rural)
    response = client.post(
        reverse("population-lists:add"),
        {"file": csv_file([row(factories.id_number())])},
    )
    assert response.status_code == 200
    assert "Imported" in response.text
    record = PopulationImport.objects.get()
    assert reverse("population-lists:inspect", args=[record.pk]) in response.text
    assert StatusPeriod.objects.get().source == record


def test_the_report_names_each_bad_row_and_nothing_is_imported(client, rural):
    client.force_login(rural)
    response = client.post(
        reverse("population-lists:add"),
        {
            "file": csv_file(
                [
                    row(factories.id_number()),
                    row("510104198001011234"),
                    row(factories.id_number(region="520102"), name="黔学员"),
                ]
            )
        },
    )
    assert response.status_code == 200
    assert "Nothing was imported" in response.text
    assert "2 problems were found" in response.text
    assert "Bad ID number" in response.text
    assert "outside your region" in response.text
    assert not PopulationImport.objects.exists()
    assert not StatusPeriod.objects.exists()


def test_the_report_masks_id_numbers_and_defuses_formulas(client, rural):
    number = factories.id_number(region="520102")
    client.force_login(rural)
    response = client.post(
        reverse("population-lists:add"),
        {"file": csv_file([row(number, name="=HYPERLINK(1)")])},
    )
    assert number not in response.text
    assert number[:4] + "**********" + number[-4:] in response.text
    assert "&#x27;=HYPERLINK(1)" in response.text


def test_a_superuser_sees_the_whole_id_number_in_the_report(client):
    number = factories.id_number(region="519999")
    client.force_login(factories.UserFactory(is_superuser=True))
    response = client.post(
        reverse("population-lists:add"), {"file": csv_file([row(number)])}
    )
    assert number in response.text


def test_an_unreadable_file_is_refused_on_the_form(client, rural):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(rural)
    response = client.post(
        reverse("population-lists:add"),
        {"file": SimpleUploadedFile("list.txt", b"x")},
    )
    assert response.status_code == 200
    assert "Upload an .xlsx or .csv file" in response.text


def test_the_template_has_the_chinese_headings(client, rural):
    client.force_login(rural)
    response = client.get(reverse("population-lists:template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == TEMPLATE_HEADINGS


@pytest.mark.parametrize("role", [Role.CULTURE_OFFICER, Role.HR_OFFICER])
def test_other_departments_may_not_import(client, role):
    client.force_login(factories.officer("510104", role))
    assert client.get(reverse("population-lists:add")).status_code in (302, 403)
    template = client.get(reverse("population-lists:template"))
    assert template.status_code in (302, 403)


def test_an_import_is_never_edited_or_deleted(client, rural):
    record = imported(rural, factories.id_number())
    client.force_login(factories.UserFactory(is_superuser=True))
    for name in ("edit", "delete"):
        response = client.get(reverse(f"population-lists:{name}", args=[record.pk]))
        assert response.status_code in (302, 403), name


def test_a_rural_officer_sees_the_imports_of_their_region_only(client, rural):
    ours = imported(rural, factories.id_number())
    theirs = imported(
        factories.officer("520102", Role.RURAL_OFFICER),
        factories.id_number(region="520102"),
    )
    PopulationImport.objects.filter(pk=ours.pk).update(file_name="锦江名单.csv")
    PopulationImport.objects.filter(pk=theirs.pk).update(file_name="南明名单.csv")
    client.force_login(rural)
    listing = client.get(reverse("population-lists:index"))
    assert "锦江名单.csv" in listing.text
    assert "南明名单.csv" not in listing.text
    inspect = reverse("population-lists:inspect", args=[theirs.pk])
    assert client.get(inspect).status_code == 404


def test_a_prefecture_officer_sees_the_imports_of_its_counties(client, rural):
    imported(rural, factories.id_number())
    client.force_login(factories.officer("510100", Role.RURAL_OFFICER))
    assert "名单.csv" in client.get(reverse("population-lists:index")).text


def test_a_rural_officer_sees_the_status_periods_of_their_region_only(client, rural):
    imported(rural, factories.id_number())
    stranger = factories.person(name="黔学员", region="520102")
    Person.objects.filter(pk=stranger.pk).update(household_region_id="520102")
    theirs = StatusPeriod.objects.create(
        person=stranger,
        group=StatusGroup.MONITORING_TARGET,
        starts_on=dt.date(2023, 1, 1),
    )
    client.force_login(rural)
    listing = client.get(reverse("status-periods:index"))
    assert listing.status_code == 200
    assert "李*英" in listing.text or "李秀英" in listing.text
    assert "黔学员" not in listing.text
    inspect = reverse("status-periods:inspect", args=[theirs.pk])
    assert client.get(inspect).status_code == 404


def test_the_status_period_admin_shows_its_source(client, rural):
    record = imported(rural, factories.id_number())
    period = StatusPeriod.objects.get()
    client.force_login(rural)
    response = client.get(reverse("status-periods:inspect", args=[period.pk]))
    assert response.status_code == 200
    assert record.file_name in response.text
    assert record.file_name in client.get(reverse("status-periods:index")).text


def test_the_rural_officer_may_not_type_in_or_change_periods(client, rural):
    imported(rural, factories.id_number())
    period = StatusPeriod.objects.get()
    client.force_login(rural)
    assert client.get(reverse("status-periods:add")).status_code in (302, 403)
    edit = reverse("status-periods:edit", args=[period.pk])
    assert client.get(edit).status_code in (302, 403)


def test_the_rural_officer_is_a_staff_role():
    assert Role.RURAL_OFFICER in STAFF_ROLES


def test_the_migration_creates_the_rural_officers_group_that_enters_the_admin():
    migration = importlib.import_module(
        "lms.migrations.0011_rural_revitalization_officer"
    )
    Group.objects.filter(name=Role.RURAL_OFFICER.value).delete()
    migration.create_role(apps, None)
    group = Group.objects.get(name=Role.RURAL_OFFICER.value)
    assert group.permissions.filter(codename="access_admin").exists()


def test_the_migrated_database_has_the_group_with_its_grants():
    group = Group.objects.get(name="Rural revitalization officer")
    codes = set(group.permissions.values_list("codename", flat=True))
    assert {
        "access_admin",
        "add_populationimport",
        "view_statusperiod",
        "enter_project_library",
        "view_workshop",
    } <= codes
    assert "change_workshop" not in codes
