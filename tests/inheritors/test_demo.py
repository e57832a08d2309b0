"""The app's demo data loads, and loading it again changes nothing."""

import pytest
from django.apps import apps

from inheritors.demo import load_demo
from inheritors.models import MasterStudio, Workshop, WorkshopPage

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_the_demo_has_a_live_workshop_page_and_a_studio_meeting_its_target(client):
    assert load_demo() > 0
    workshop = Workshop.objects.get(name="锦江蜀绣非遗工坊")
    assert workshop.state == Workshop.State.ACTIVE
    page = WorkshopPage.objects.get(workshop=workshop)
    assert client.get(page.url).status_code == 200
    (result,) = MasterStudio.objects.get().results()
    assert result.met


def test_loading_the_demo_twice_changes_nothing():
    load_demo()
    before = row_counts()
    assert load_demo() == 0
    assert row_counts() == before
