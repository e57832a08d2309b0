"""A region's statistics through the API: the dashboard's figures, for the regions
the token's user may read; another region is 404."""

import datetime as dt

import pytest

from inheritors.models import Workshop
from lms.roles import Role
from tests import factories

from .conftest import bearer, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshops():
    factories.workshop("510104", identified_on=dt.date(2026, 5, 1))
    factories.workshop("510104", identified_on=dt.date(2026, 6, 1))
    factories.workshop("510105", identified_on=dt.date(2026, 6, 1))


def figure(body, key):
    for section in body["sections"]:
        for item in section["figures"]:
            if item["key"] == key:
                return item
    raise KeyError(key)


def test_a_county_officer_reads_the_counties_figures(workshops):
    client = bearer(token_for(factories.officer("510104", Role.CULTURE_OFFICER)))
    response = client.get("/api/v1/statistics/510104")
    assert response.status_code == 200
    body = response.json()
    identified = Workshop.objects.filter(
        region__code="510104", state=Workshop.State.IDENTIFIED
    ).count()
    assert figure(body, "identified")["total"] == identified == 2
    assert body["region"] == "510104"


def test_a_neighbour_a_province_or_the_country_is_404(workshops):
    client = bearer(token_for(factories.officer("510104", Role.CULTURE_OFFICER)))
    for code in ("510105", "510100", "510000", "national"):
        assert client.get(f"/api/v1/statistics/{code}").status_code == 404


def test_a_prefecture_reads_its_counties_ranked(workshops):
    client = bearer(token_for(factories.officer("510100", Role.CULTURE_OFFICER)))
    body = client.get("/api/v1/statistics/510100").json()
    ranked = figure(body, "identified")["by_region"]
    assert [(row["code"], row["value"]) for row in ranked] == [
        ("510104", 2),
        ("510105", 1),
    ]


def test_a_bad_region_code_is_a_clear_400_or_422():
    client = bearer(token_for(factories.officer("510104", Role.CULTURE_OFFICER)))
    response = client.get("/api/v1/statistics/51'--")
    assert response.status_code in (400, 422)
    assert "code" in response.json()
