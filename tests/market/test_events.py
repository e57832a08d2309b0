"""Exhibitions and sales events: invited or applying workshops, accepted by the
other side; results recorded afterwards; public pages listing who took part."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from market.models import Participation, SalesEvent
from market.selectors import workshop_market_figures
from tests.market.conftest import listed_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def expo(county):
    return SalesEvent.objects.create(
        name="成都国际非遗节展销",
        kind=SalesEvent.Kind.FESTIVAL_STAND,
        starts_on=dt.date.today() - dt.timedelta(days=3),
        ends_on=dt.date.today() + dt.timedelta(days=3),
        place="成都非遗博览园",
        organiser_region_id="510104",
        published=True,
    )


def test_an_invited_workshop_accepts_with_its_products_and_is_listed(
    client, county, expo, shop, hanger, leader_account
):
    client.force_login(county)
    response = client.post(
        reverse("sales-events:invite", args=[expo.pk]), {"workshop": shop.pk}
    )
    assert response.status_code == 302
    participation = Participation.objects.get()
    assert participation.state == Participation.State.INVITED
    assert (
        "锦江刺绣工坊" not in client.get(reverse("market:event", args=[expo.pk])).text
    )

    client.force_login(leader_account)
    client.post(
        reverse("market:take-part", args=[expo.pk, shop.pk]), {"products": [hanger.pk]}
    )
    participation.refresh_from_db()
    assert participation.state == Participation.State.ACCEPTED
    text = client.get(reverse("market:event", args=[expo.pk])).text
    assert "锦江刺绣工坊" in text and "苗族刺绣挂件" in text


def test_a_workshop_applies_and_the_organiser_accepts(
    client, county, expo, shop, hanger, leader_account
):
    client.force_login(leader_account)
    assert expo.name in client.get(reverse("market:my-events")).text
    client.post(
        reverse("market:take-part", args=[expo.pk, shop.pk]), {"products": [hanger.pk]}
    )
    participation = Participation.objects.get()
    assert participation.state == Participation.State.APPLIED

    client.force_login(county)
    client.post(
        reverse("event-participations:decide", args=[participation.pk]), {"accept": "1"}
    )
    participation.refresh_from_db()
    assert participation.state == Participation.State.ACCEPTED


def test_the_organiser_records_results_shown_on_the_page_and_in_figures(
    client, county, expo, shop, hanger, leader_account
):
    participation = Participation.objects.create(
        event=expo, workshop=shop, state=Participation.State.ACCEPTED
    )
    client.force_login(county)
    response = client.post(
        reverse("event-participations:results", args=[participation.pk]),
        {"orders": "36", "sales": "12800.50"},
    )
    assert response.status_code == 302
    text = client.get(reverse("market:event", args=[expo.pk])).text
    assert "36" in text and "12,800.50" in text
    figures = workshop_market_figures(shop)
    assert (figures.event_orders, figures.event_sales) == (36, Decimal("12800.50"))


@pytest.mark.parametrize("orders", ["-1", str(10**20)])
def test_impossible_results_are_refused(client, county, expo, shop, orders):
    participation = Participation.objects.create(
        event=expo, workshop=shop, state=Participation.State.ACCEPTED
    )
    client.force_login(county)
    response = client.post(
        reverse("event-participations:results", args=[participation.pk]),
        {"orders": orders, "sales": "1"},
    )
    assert response.status_code == 200  # the form again, with the error
    participation.refresh_from_db()
    assert participation.orders is None


def test_results_wait_until_the_event_starts(client, county, expo, shop):
    expo.starts_on = dt.date.today() + dt.timedelta(days=1)
    expo.save()
    participation = Participation.objects.create(
        event=expo, workshop=shop, state=Participation.State.ACCEPTED
    )
    client.force_login(county)
    client.post(
        reverse("event-participations:results", args=[participation.pk]),
        {"orders": "3", "sales": "10"},
    )
    participation.refresh_from_db()
    assert participation.results_recorded_at is None


def test_a_leader_cannot_apply_for_a_workshop_they_do_not_lead(client, expo, shop):
    other = listed_workshop("510104", "别的工坊")
    client.force_login(other.leader.person.user)
    url = reverse("market:take-part", args=[expo.pk, shop.pk])
    assert client.post(url).status_code == 404
    assert not Participation.objects.exists()


def test_unpublished_events_have_no_public_page(client, expo):
    expo.published = False
    expo.save()
    assert client.get(reverse("market:event", args=[expo.pk])).status_code == 404
    assert expo.name not in client.get(reverse("market:events")).text


def test_the_event_index_lists_published_events(client, expo):
    assert expo.name in client.get(reverse("market:events")).text
