"""The demo's province and county officers see dashboards filled by the demo."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from lms.models import User

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "jiangxin-demo-2026"


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def open_dashboard(client, email):
    user = User.objects.get(email=email)
    assert client.login(username=user.username, password=DEMO_PASSWORD)
    response = client.get(reverse("region_dashboard"))
    assert response.status_code == 200
    return response.context["dashboard"]


def test_the_province_officer_sees_several_prefectures_ranked(client, demo):
    dashboard = open_dashboard(client, "province@jiangxin.local")
    identified = dict(dashboard.figure("identified").by_region)
    assert {"510100", "510600", "510700"} <= set(identified) | set(
        dict(dashboard.figure("active").by_region)
    )
    for key in ("active", "cancelled", "in_library", "employed", "enrolments"):
        assert dashboard.figure(key).total, key
    assert (
        dashboard.figure("claims_submitted").total
        + dashboard.figure("claims_under_review").total
    )


def test_the_county_officer_sees_their_workshop_and_training(client, demo):
    dashboard = open_dashboard(client, "county@jiangxin.local")
    assert dashboard.region.code == "510104"
    for key in ("active", "in_library", "employed", "enrolments", "studios"):
        assert dashboard.figure(key).total, key
