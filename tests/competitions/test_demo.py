"""The demo competitions load once, through the services, and never twice."""

import pytest

from competitions.demo import SHUXIU, ZHUBIAN, load_demo
from competitions.models import Award, Competition, Result

pytestmark = pytest.mark.django_db


def test_the_demo_has_published_results_and_an_open_competition():
    assert load_demo() > 0
    finished = Competition.objects.get(name=SHUXIU)
    assert finished.status == Competition.Status.PUBLISHED
    assert Result.objects.filter(entry__competition=finished).count() == 10
    assert Award.objects.filter(entry__competition=finished).exists()
    assert Competition.objects.get(name=ZHUBIAN).status == Competition.Status.OPEN


def test_loading_the_demo_twice_creates_nothing_more():
    load_demo()
    assert load_demo() == 0
    assert Competition.objects.count() == 2
