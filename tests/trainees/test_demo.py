"""The demo roster holds a mobile number nobody has signed up with; a second run
adds nothing."""

import pytest

from courses import demo as courses_demo
from lms.models import User
from tests import factories
from trainees import demo
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db


def test_the_demo_puts_a_number_on_the_distance_course_once():
    school = factories.institution("510104")
    course = factories.course(school, title=courses_demo.DISTANCE_TITLE)
    factories.institution_staff(school, username="school", email=demo.STAFF_EMAIL)
    assert demo.load_demo() == 1
    assert demo.load_demo() == 0
    trainee = User.objects.with_phone(demo.ROSTER_MOBILE).get()
    assert not trainee.phone_verified
    assert Enrolment.objects.get(user=trainee).course_id == course.pk


def test_the_demo_waits_for_the_projects_demo():
    assert demo.load_demo() == 0
