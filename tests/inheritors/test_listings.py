"""The admin listings filter by region (a prefecture covers its counties), by their
own fields, and search by name."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshops():
    return {
        "jinjiang": factories.workshop("510104", "锦江甲坊"),
        "qingyang": factories.workshop(
            "510105", "青羊乙坊", identified_on=dt.date(2024, 5, 1)
        ),
        "deyang": factories.workshop("510603", "旌阳丙坊"),
    }


def listed(client, url) -> set[str]:
    text = client.get(url).text
    return {name for name in ("锦江甲坊", "青羊乙坊", "旌阳丙坊") if name in text}


def test_a_province_officer_filters_by_a_prefecture(client, workshops):
    client.force_login(factories.officer("510000"))
    url = reverse("workshops:index")
    assert listed(client, url) == {"锦江甲坊", "青羊乙坊", "旌阳丙坊"}
    assert listed(client, url + "?region=510100") == {"锦江甲坊", "青羊乙坊"}
    assert listed(client, url + "?region=510104") == {"锦江甲坊"}


def test_a_county_officer_is_offered_only_their_region_to_filter(client, workshops):
    client.force_login(factories.officer("510104"))
    response = client.get(reverse("workshops:index"))
    regions = response.context["filters"].form.fields["region"].queryset
    assert set(regions.values_list("code", flat=True)) == {"510104"}


def test_filtering_by_state(client, workshops):
    client.force_login(factories.officer("510000"))
    url = reverse("workshops:index") + "?state=identified"
    assert listed(client, url) == {"青羊乙坊"}


def test_searching_by_name(client, workshops):
    client.force_login(factories.officer("510000"))
    assert listed(client, reverse("workshops:index") + "?q=青羊") == {"青羊乙坊"}


def test_the_unconfirmed_filter_lists_qualified_workshops_due_this_year(
    client, workshops
):
    client.force_login(factories.officer("510000"))
    url = reverse("workshops:index") + "?unconfirmed=true"
    assert listed(client, url) == {"青羊乙坊"}


def test_an_item_listed_twice_in_a_prefecture_is_listed_once(client):
    factories.ich_item("Ⅶ-21", "蜀绣", region="510104")
    factories.ich_item("Ⅶ-21", "蜀绣", region="510105")
    client.force_login(factories.officer("510000"))
    response = client.get(reverse("ich-items:index") + "?region=510100")
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 1
