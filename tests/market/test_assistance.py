"""Consumption assistance (消费帮扶): marked on a product by the officer who checked
it, with the date, audit-logged; shown to buyers and filterable."""

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


def mark(client, product, checked_on="2026-01-05", assisted=True):
    data = {"checked_on": checked_on}
    if assisted:
        data["assisted"] = "on"
    return client.post(reverse("workshop-products:assistance", args=[product.pk]), data)


def test_a_rural_officer_marks_a_product_they_checked(client, rural, hanger):
    client.force_login(rural)
    assert mark(client, hanger).status_code == 302
    hanger.refresh_from_db()
    assert hanger.consumption_assistance
    assert hanger.assistance_checked_on == dt.date(2026, 1, 5)
    assert hanger.assistance_checked_by == rural
    assert ModelLogEntry.objects.filter(
        action="inheritors.product.assist", user=rural
    ).exists()
    page = client.get(reverse("market:product", args=[hanger.pk])).text
    assert "Consumption assistance" in page and "2026-01-05" in page


def test_the_mark_can_be_taken_away(client, rural, hanger):
    client.force_login(rural)
    mark(client, hanger)
    mark(client, hanger, assisted=False)
    hanger.refresh_from_db()
    assert not hanger.consumption_assistance


def test_an_officer_of_another_county_cannot_mark_it(client, hanger):
    client.force_login(factories.officer("510105", role=Role.RURAL_OFFICER))
    assert mark(client, hanger).status_code == 404
    hanger.refresh_from_db()
    assert not hanger.consumption_assistance


def test_institution_staff_cannot_mark_it(client, hanger):
    staff = factories.institution_staff(factories.institution("510104"))
    client.force_login(staff)
    assert mark(client, hanger).status_code in (403, 404)
    hanger.refresh_from_db()
    assert not hanger.consumption_assistance


def test_a_check_in_the_future_is_refused(client, rural, hanger):
    client.force_login(rural)
    mark(client, hanger, checked_on="2999-01-01")
    hanger.refresh_from_db()
    assert not hanger.consumption_assistance
