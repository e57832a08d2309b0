"""The leader confirms their workshop on the site; nobody else reaches the page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from inheritors.models import Workshop, WorkshopEmployment
from inheritors.services import cancel_workshop
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_account():
    return factories.trainee(email="xiuying@example.org")


@pytest.fixture
def workshop(leader_account):
    leader = factories.workshop_leader(account=leader_account)
    return factories.workshop(
        leader=leader, name="红砂村蜀绣工坊", identified_on=dt.date(2024, 5, 1)
    )


def form_data(workshop, **overrides):
    return {
        "confirm-address": workshop.address,
        "confirm-site_area": "150",
        "confirm-has_water": "on",
        "confirm-has_power": "on",
        "confirm-equipment": "绣架 30 套",
        "confirm-products": "团扇、绣片",
        "confirm-employed": "25",
        "confirm-poverty_alleviated": "9",
        "confirm-monitoring_targets": "2",
        "confirm-home_based": "12",
        "confirm-flexible": "3",
        "confirm-average_income": "32000",
        "confirm-accurate": "on",
        **overrides,
    }


def test_the_leader_sees_their_workshop_and_that_the_year_is_due(
    client, leader_account, workshop
):
    client.force_login(leader_account)
    response = client.get(reverse("inheritors:my-workshops"))
    assert response.status_code == 200
    assert "红砂村蜀绣工坊" in response.text
    assert reverse("inheritors:confirm-workshop", args=[workshop.pk]) in response.text


def test_the_leader_confirms_the_year_with_their_changes(
    client, leader_account, workshop
):
    client.force_login(leader_account)
    url = reverse("inheritors:confirm-workshop", args=[workshop.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(workshop))
    assert response.status_code == 302
    year = timezone.localdate().year
    confirmation = workshop.confirmations.get(year=year)
    assert confirmation.channel == "site"
    assert confirmation.confirmed_by == leader_account
    workshop.refresh_from_db()
    assert workshop.equipment == "绣架 30 套"
    employment = WorkshopEmployment.objects.get(workshop=workshop, year=year)
    assert (employment.employed, employment.poverty_alleviated) == (25, 9)


def test_in_the_grace_period_the_leader_confirms_the_year_just_ended(
    client, leader_account, workshop, today
):
    today(dt.date(2026, 2, 10))
    client.force_login(leader_account)
    page = client.get(reverse("inheritors:my-workshops"))
    url = reverse("inheritors:confirm-workshop", args=[workshop.pk]) + "?year=2025"
    assert url in page.text and "2026-03-31" in page.text
    assert client.post(url, form_data(workshop)).status_code == 302
    assert workshop.confirmations.get().year == 2025


def test_the_leader_cannot_open_a_year_past_its_grace_period(
    client, leader_account, workshop, today
):
    today(dt.date(2026, 4, 1))
    client.force_login(leader_account)
    page = client.get(reverse("inheritors:my-workshops"))
    assert "?year=2025" not in page.text
    url = reverse("inheritors:confirm-workshop", args=[workshop.pk])
    assert client.get(url + "?year=2025").status_code == 404
    assert client.post(url + "?year=2024", form_data(workshop)).status_code == 404
    assert not workshop.confirmations.exists()


def test_confirming_twice_in_a_year_updates_the_one_confirmation(
    client, leader_account, workshop
):
    client.force_login(leader_account)
    url = reverse("inheritors:confirm-workshop", args=[workshop.pk])
    client.post(url, form_data(workshop))
    client.post(url, form_data(workshop, **{"confirm-employed": "30"}))
    assert workshop.confirmations.count() == 1
    assert WorkshopEmployment.objects.get(workshop=workshop).employed == 30


def test_the_leader_must_vouch_for_the_information(client, leader_account, workshop):
    client.force_login(leader_account)
    url = reverse("inheritors:confirm-workshop", args=[workshop.pk])
    data = form_data(workshop)
    del data["confirm-accurate"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert not workshop.confirmations.exists()


def test_parts_larger_than_the_total_are_shown_and_nothing_is_saved(
    client, leader_account, workshop
):
    client.force_login(leader_account)
    url = reverse("inheritors:confirm-workshop", args=[workshop.pk])
    response = client.post(
        url, form_data(workshop, **{"confirm-poverty_alleviated": "99"})
    )
    assert response.status_code == 200
    assert response.context["form"].errors["poverty_alleviated"]
    assert not workshop.confirmations.exists()
    assert not WorkshopEmployment.objects.filter(workshop=workshop).exists()


def test_someone_else_gets_404(client, workshop):
    client.force_login(factories.trainee())
    url = reverse("inheritors:confirm-workshop", args=[workshop.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(workshop)).status_code == 404
    assert not workshop.confirmations.exists()


def test_even_a_superuser_or_an_officer_gets_404(client, workshop):
    url = reverse("inheritors:confirm-workshop", args=[workshop.pk])
    for user in (factories.UserFactory(is_superuser=True), factories.officer("510104")):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, workshop):
    url = reverse("inheritors:confirm-workshop", args=[workshop.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_cancelled_workshop_offers_no_form(client, leader_account, workshop):
    cancel_workshop(workshop=workshop, user=None, reason="停产")
    client.force_login(leader_account)
    url = reverse("inheritors:confirm-workshop", args=[workshop.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"] is None
    client.post(url, form_data(workshop))
    assert not Workshop.objects.get(pk=workshop.pk).confirmations.exists()


def test_a_person_who_leads_nothing_sees_an_empty_list(client):
    client.force_login(factories.trainee())
    response = client.get(reverse("inheritors:my-workshops"))
    assert response.status_code == 200
    assert response.context["rows"] == []
