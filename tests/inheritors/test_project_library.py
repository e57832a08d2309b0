"""The county project library (项目库): a rural revitalization officer of the
workshop's region records an identified workshop in it, with the date, the
number and who did it; the listing filters on it and the public page shows it."""

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from inheritors.models import Workshop, WorkshopIndexPage, WorkshopPage
from lms.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db
State = Workshop.State


@pytest.fixture
def rural():
    return factories.officer("510104", Role.RURAL_OFFICER)


@pytest.fixture
def identified():
    return factories.workshop(
        "510104", "红砂村蜀绣工坊", identified_on=dt.date(2024, 5, 1)
    )


def record(client, workshop, **values):
    data = {"entered_on": "2024-06-10", "library_number": "JJ-2024-017", **values}
    return client.post(reverse("workshops:library", args=[workshop.pk]), data)


def test_a_rural_officer_records_a_workshop_in_the_project_library(
    client, rural, identified
):
    client.force_login(rural)
    assert record(client, identified).status_code == 302
    identified.refresh_from_db()
    assert identified.state == State.ACTIVE
    assert identified.library_entered_on == dt.date(2024, 6, 10)
    assert identified.library_number == "JJ-2024-017"
    assert identified.library_entered_by == rural
    entry = ModelLogEntry.objects.get(
        action="inheritors.workshop.enter_library", object_id=str(identified.pk)
    )
    assert entry.user_id == rural.pk
    assert entry.data["library_number"] == "JJ-2024-017"


def test_the_number_in_the_library_is_required(client, rural, identified):
    client.force_login(rural)
    assert record(client, identified, library_number=" ").status_code == 200
    identified.refresh_from_db()
    assert identified.state == State.IDENTIFIED


@pytest.mark.parametrize("role", [Role.CULTURE_OFFICER, Role.HR_OFFICER])
def test_other_departments_may_not_record_it(client, identified, role):
    client.force_login(factories.officer("510104", role))
    assert record(client, identified).status_code in (302, 403)
    identified.refresh_from_db()
    assert identified.state == State.IDENTIFIED
    assert identified.library_entered_by is None


def test_a_rural_officer_of_another_county_finds_no_such_workshop(client, identified):
    client.force_login(factories.officer("510105", Role.RURAL_OFFICER))
    assert record(client, identified).status_code == 404
    identified.refresh_from_db()
    assert identified.state == State.IDENTIFIED


def test_a_rural_officer_reads_workshops_but_changes_nothing_else(
    client, rural, identified
):
    client.force_login(rural)
    inspect = client.get(reverse("workshops:inspect", args=[identified.pk]))
    assert inspect.status_code == 200
    assert reverse("workshops:library", args=[identified.pk]) in inspect.text
    assert reverse("workshops:cancel", args=[identified.pk]) not in inspect.text
    for step in ("edit", "cancel", "confirm"):
        url = reverse(f"workshops:{step}", args=[identified.pk])
        assert client.get(url).status_code in (302, 403), step
    applied = factories.workshop("510104")
    identify = reverse("workshops:identify", args=[applied.pk])
    assert client.get(identify).status_code in (302, 403)


def test_a_culture_officer_is_offered_no_library_step(client, identified):
    client.force_login(factories.officer("510104"))
    inspect = client.get(reverse("workshops:inspect", args=[identified.pk]))
    assert reverse("workshops:library", args=[identified.pk]) not in inspect.text
    assert reverse("workshops:cancel", args=[identified.pk]) in inspect.text


def test_the_workshop_admin_shows_who_recorded_it(client, rural, identified):
    client.force_login(rural)
    record(client, identified)
    inspect = client.get(reverse("workshops:inspect", args=[identified.pk]))
    assert "JJ-2024-017" in inspect.text
    assert str(rural) in inspect.text


def test_the_listing_filters_on_the_project_library(client, rural):
    factories.workshop("510104", "入库工坊", active=True)
    factories.workshop("510104", "未入库工坊", identified_on=dt.date(2024, 5, 1))
    factories.workshop("510105", "邻县入库工坊", active=True)
    client.force_login(rural)
    listed = client.get(reverse("workshops:index"), {"in_library": "1"}).text
    assert "入库工坊" in listed
    assert "未入库工坊" not in listed
    assert "邻县入库工坊" not in listed
    others = client.get(reverse("workshops:index"), {"in_library": "0"}).text
    assert "未入库工坊" in others
    assert ">入库工坊<" not in others


def test_the_public_page_shows_the_library_entry(client, rural, identified):
    client.force_login(rural)
    record(client, identified)
    page = WorkshopPage(title="红砂村蜀绣工坊", slug="hongsha", workshop=identified)
    WorkshopIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    client.logout()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "County project library" in response.text
    assert "JJ-2024-017" in response.text
