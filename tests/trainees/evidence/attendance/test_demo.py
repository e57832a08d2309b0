"""The demo builds on the project's demo course and accounts; a second run adds
nothing."""

import pytest

from courses import demo as courses_demo
from tests import factories
from trainees.evidence.attendance import demo
from trainees.evidence.attendance.models import Attendance, AttendanceMethod

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once():
    school = factories.institution("510104")
    courses_demo._onsite_course(school)  # the distance course needs real videos
    factories.trainee(username="trainee", email=demo.TRAINEE_EMAIL)
    factories.institution_staff(school, username="school", email=demo.STAFF_EMAIL)
    assert demo.load_demo() == 3
    assert demo.load_demo() == 0
    attendance = Attendance.objects.get()
    assert attendance.method == AttendanceMethod.MANUAL
    assert attendance.credited_seconds == 3 * 3600 - 15 * 60


def test_the_demo_waits_for_the_projects_demo():
    assert demo.load_demo() == 0
