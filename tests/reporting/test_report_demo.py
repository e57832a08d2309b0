"""The demo's statistics reports load, and loading them again changes nothing."""

import pytest
from django.apps import apps

from inheritors import demo as inheritors_demo
from reporting.models import ReportState, StatisticsReport
from reporting.reports import demo
from tests import factories

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.fixture
def demo_county():
    inheritors_demo.load_demo()
    return factories.officer("510104", email=demo.COUNTY_EMAIL)


def test_the_demo_county_report_is_accepted_by_the_demo_prefecture(demo_county):
    demo.load_demo()

    county = StatisticsReport.objects.get(region_id="510104")
    prefecture = StatisticsReport.objects.get(region_id="510100")
    assert county.state == ReportState.ACCEPTED
    assert county.decided_by.email == demo.PREFECTURE_EMAIL
    assert county.snapshot["totals"]["workshops"]["active"] == 1
    assert prefecture.snapshot["totals"] == county.snapshot["totals"]


def test_loading_the_demo_twice_changes_nothing(demo_county):
    demo.load_demo()
    before = row_counts()

    assert demo.load_demo() == 0
    assert row_counts() == before
