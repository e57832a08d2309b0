"""Who sees inquiries, buyers' contact details and events: a county officer their
county's, a province officer both counties', a leader their own workshop's."""

import datetime as dt

import pytest
from django.urls import reverse

from lms import policy
from lms.roles import Role
from market.models import SalesEvent
from tests import factories
from tests.market.conftest import inquiry, listed_workshop, product

pytestmark = pytest.mark.django_db

JINJIANG, QINGYANG = "510104", "510105"


@pytest.fixture
def two_inquiries(hanger):
    elsewhere = listed_workshop(QINGYANG, "青羊陶艺工坊")
    return inquiry(hanger, organisation="锦江买家"), inquiry(
        product(elsewhere, name="青瓷茶杯"), organisation="青羊买家"
    )


def event(region: str, name: str) -> SalesEvent:
    return SalesEvent.objects.create(
        name=name,
        kind=SalesEvent.Kind.EXHIBITION,
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 6, 3),
        place="成都世纪城",
        organiser_region_id=region,
        published=True,
    )


def test_a_county_officer_lists_their_countys_inquiries_only(
    client, county, two_inquiries
):
    client.force_login(county)
    text = client.get(reverse("buyers-inquiries:index")).text
    assert "锦江买家" in text and "青羊买家" not in text


def test_a_province_officer_lists_both_counties_inquiries(client, two_inquiries):
    client.force_login(factories.officer("510000"))
    text = client.get(reverse("buyers-inquiries:index")).text
    assert "锦江买家" in text and "青羊买家" in text


def test_the_neighbouring_countys_inquiry_does_not_exist(client, county, two_inquiries):
    client.force_login(county)
    theirs = two_inquiries[1]
    url = reverse("buyers-inquiries:inspect", args=[theirs.pk])
    assert client.get(url).status_code == 404


def test_the_county_officer_sees_the_buyers_contact_details(
    client, county, two_inquiries
):
    client.force_login(county)
    ours = two_inquiries[0]
    text = client.get(reverse("buyers-inquiries:inspect", args=[ours.pk])).text
    assert "13912345678" in text and "buyer@example.com" in text


def test_contact_details_are_for_the_workshop_and_the_officers_above_it(
    county, other_county, two_inquiries, leader_account
):
    ours, theirs = two_inquiries
    assert policy.may_see_buyer_contact(county, ours)
    assert policy.may_see_buyer_contact(leader_account, ours)
    assert not policy.may_see_buyer_contact(other_county, ours)
    assert not policy.may_see_buyer_contact(leader_account, theirs)
    hr = factories.officer(JINJIANG, role=Role.HR_OFFICER)
    assert not policy.may_see_buyer_contact(hr, ours)


def test_masked_contact_details_keep_only_their_ends(two_inquiries):
    ours = two_inquiries[0]
    assert ours.phone_masked == "139****5678"
    assert ours.email_masked == "b***@example.com"


def test_a_leader_lists_only_their_workshops_inquiries(
    client, leader_account, two_inquiries
):
    client.force_login(leader_account)
    text = client.get(reverse("market:my-inquiries")).text
    assert "锦江买家" in text and "青羊买家" not in text


def test_a_county_officer_lists_their_countys_events_only(client, county):
    event(JINJIANG, "锦江非遗展")
    event(QINGYANG, "青羊购物节")
    client.force_login(county)
    text = client.get(reverse("sales-events:index")).text
    assert "锦江非遗展" in text and "青羊购物节" not in text


def test_a_county_officer_cannot_open_the_neighbours_event(client, county):
    theirs = event(QINGYANG, "青羊购物节")
    client.force_login(county)
    for name in ("edit", "inspect", "invite"):
        url = reverse(f"sales-events:{name}", args=[theirs.pk])
        assert client.get(url).status_code == 404


def test_an_event_is_organised_for_a_region_the_officer_may_assign(client, county):
    client.force_login(county)
    response = client.post(
        reverse("sales-events:add"),
        {
            "name": "越权活动",
            "kind": "exhibition",
            "starts_on": "2026-06-01",
            "ends_on": "2026-06-02",
            "place": "某地",
            "organiser_region": QINGYANG,
            "description": "",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert not SalesEvent.objects.filter(name="越权活动").exists()
