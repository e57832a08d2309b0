"""The market's demo data loads over the inheritors' demo, gives a searchable
catalogue, an event with its results and inquiries in every state, and loading it
again changes nothing."""

import pytest
from django.apps import apps
from django.urls import reverse

from inheritors.demo import load_demo as load_inheritors_demo
from lms.models import Region
from lms.roles import Role
from lms.services import grant_scope
from market.demo import load_demo
from market.models import Inquiry, SalesEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _officers_and_register():
    for email, role in (
        ("county@jiangxin.local", Role.CULTURE_OFFICER),
        ("rural@jiangxin.local", Role.RURAL_OFFICER),
    ):
        user = factories.UserFactory(email=email)
        grant_scope(user=user, role=role, region=Region.objects.get(code="510104"))
    load_inheritors_demo()


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_the_demo_catalogue_finds_embroidery_and_the_event_has_results(client):
    assert load_demo() > 0
    found = client.get(reverse("market:catalogue"), {"q": "刺绣"}).context["products"]
    assert {p.name for p in found} >= {"芙蓉刺绣丝巾", "熊猫刺绣香囊"}
    event = SalesEvent.objects.get(name__contains="非遗节")
    assert "12,800.00" in client.get(reverse("market:event", args=[event.pk])).text
    assert set(Inquiry.objects.values_list("state", flat=True)) == set(
        Inquiry.State.values
    )


def test_loading_the_market_demo_twice_changes_nothing():
    load_demo()
    before = row_counts()
    assert load_demo() == 0
    assert row_counts() == before
