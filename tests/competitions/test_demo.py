"""The demo competitions load once, through the services, and never twice."""

import pytest

from competitions.demo import NEWCOMERS, SHUXIU, ZHUBIAN, load_demo
from competitions.models import Award, Competition, JudgeAssignment, Result

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
    assert Competition.objects.count() == 3


def test_the_demo_judge_chairs_a_contest_still_being_judged():
    load_demo()
    contest = Competition.objects.get(name=NEWCOMERS)
    assert contest.status == Competition.Status.JUDGING
    assert not contest.marking_locked
    judge = JudgeAssignment.objects.get(
        competition=contest, person__user__email="judge1@jiangxin.local"
    )
    assert judge.is_chief
    assert contest.entries.registered().count() == 3
