"""The demo data builds on the demo course and trainee, and loads twice safely."""

import pytest

from tests import factories
from tests.trainees.evidence.practical import factories as make
from trainees.evidence.practical import demo
from trainees.evidence.practical.models import AssessmentResult, Submission

pytestmark = pytest.mark.django_db


def test_the_demo_grades_a_hand_in_and_scores_the_rubric_once():
    school = factories.institution("510104")
    course = make.practical_course(school, title=demo.COURSE_TITLE)
    make.task(course)
    make.enrolled(course, factories.trainee(username=demo.TRAINEE))
    factories.institution_staff(school, username=demo.STAFF)
    assert demo.load_demo() == 7
    assert demo.load_demo() == 0
    assert Submission.objects.get().comment.startswith("针脚再密一些")
    assert AssessmentResult.objects.get().passed is True


def test_without_the_demo_course_the_demo_does_nothing():
    assert demo.load_demo() == 0
