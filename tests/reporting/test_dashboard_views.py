"""The dashboard in the admin: each officer reads their own region and those
below it, never one beside or above (404); numbers link to filtered lists."""

import re

import pytest
from django.urls import reverse

from lms.roles import Role
from tests import factories
from tests.factories import PASSWORD
from tests.reporting.factories import county_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    county_rows("510104")
    county_rows("510105", claims=2)
    county_rows("510603")


def logged_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def dashboard(code=None):
    if code is None:
        return reverse("region_dashboard")
    return reverse("region_dashboard_of", args=[code])


def test_a_county_officer_sees_their_county(client, rows):
    user = factories.officer("510104", Role.CULTURE_OFFICER)
    response = logged_in(client, user).get(dashboard())
    assert response.status_code == 200
    assert response.context["dashboard"].region.code == "510104"
    assert response.context["dashboard"].figure("identified").total == 1


@pytest.mark.parametrize("code", ["510105", "510100", "510000", "330000"])
def test_a_county_officer_cannot_open_another_region(client, rows, code):
    user = factories.officer("510104", Role.CULTURE_OFFICER)
    assert logged_in(client, user).get(dashboard(code)).status_code == 404


def test_a_province_officer_sees_every_prefecture(client, rows):
    user = factories.officer("510000", Role.HR_OFFICER)
    response = logged_in(client, user).get(dashboard())
    html = response.content.decode()
    assert dict(response.context["dashboard"].figure("identified").by_region) == {
        "510100": 2,
        "510600": 1,
    }
    assert "成都市" in html and "德阳市" in html
    assert dashboard("510100") in html


def test_a_province_officer_drills_down_to_a_county(client, rows):
    user = factories.officer("510000", Role.HR_OFFICER)
    client = logged_in(client, user)
    prefecture = client.get(dashboard("510100"))
    assert prefecture.status_code == 200
    assert dashboard("510104") in prefecture.content.decode()
    county = client.get(dashboard("510104"))
    assert county.context["dashboard"].figure("identified").total == 1


def test_a_province_officer_cannot_open_another_province(client, rows):
    user = factories.officer("510000", Role.HR_OFFICER)
    assert logged_in(client, user).get(dashboard("330000")).status_code == 404
    assert logged_in(client, user).get(dashboard("999999")).status_code == 404


def test_institution_staff_read_no_region_figures(client, rows):
    user = factories.institution_staff(factories.institution("510104"))
    response = logged_in(client, user).get(dashboard())
    # Wagtail answers a permission refused in its admin with a redirect home.
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))


def test_a_superuser_opens_the_whole_country(client, rows):
    user = factories.UserFactory(is_superuser=True, is_staff=True)
    response = logged_in(client, user).get(dashboard())
    assert response.context["dashboard"].region is None
    assert dict(response.context["dashboard"].figure("identified").by_region) == {
        "510000": 3
    }


# Figures whose number is a count of the rows of the list it links to.
COUNTED_BY_THEIR_LIST = [
    "identified",
    "active",
    "cancelled",
    "confirmation_due",
    "confirmation_overdue",
    "lapsing",
    "enrolments",
    "completions",
    "certificates_skill_level",
    "certificates_level_20",
    "claims_submitted",
    "claims_paid",
    "claims_flagged",
    "review_within",
    "review_overdue",
    "inheritors",
    "studios",
    "apprentices",
    "competitions",
    "awards",
]


def test_each_number_links_to_its_list_filtered_to_the_same_rows(client, rows):
    user = factories.officer("510000", Role.HR_OFFICER)
    client = logged_in(client, user)
    figures = {
        figure["key"]: figure
        for section in client.get(dashboard("510100")).context["sections"]
        for figure in section["figures"]
    }
    for key in COUNTED_BY_THEIR_LIST:
        url = figures[key]["url"]
        assert "region=510100" in url, key
        listing = client.get(url)
        assert listing.status_code == 200, key
        assert listing.context["paginator"].count == figures[key]["total"], key


def test_the_amount_paid_links_to_claims_paid_this_year(client, rows):
    user = factories.officer("510000", Role.HR_OFFICER)
    client = logged_in(client, user)
    response = client.get(dashboard())
    paid = next(
        figure
        for section in response.context["sections"]
        for figure in section["figures"]
        if figure["key"] == "amount_paid"
    )
    listing = client.get(paid["url"])
    claims = listing.context["paginator"].object_list
    assert sum(claim.amount for claim in claims) == paid["total"]


def test_every_chart_has_a_table_with_its_numbers(client, rows):
    user = factories.officer("510000", Role.HR_OFFICER)
    html = logged_in(client, user).get(dashboard()).content.decode()
    charts = re.findall(r'class="rd-chart" data-chart="(\w+)" data-key="(\w+)"', html)
    assert charts
    for kind, key in charts:
        block = html[html.index(f'id="figure-{key}"') :]
        block = block[: block.index("</article>")]
        assert "<table" in block, (kind, key)


def test_the_home_page_has_a_panel_with_the_headline_figures(client, rows):
    user = factories.officer("510104", Role.CULTURE_OFFICER)
    html = logged_in(client, user).get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="region-figures' in html
    assert dashboard() in html
    assert "Identified" in html
