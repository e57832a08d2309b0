"""The figures other apps read: attendance per enrolment in a fixed number of
queries, and a trainee's upcoming sessions."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from tests.trainees.evidence.attendance import factories as att
from trainees.evidence.attendance.selectors import (
    AttendanceFigure,
    attendance_by_enrolment,
    session_roster,
    upcoming_sessions,
)
from trainees.evidence.attendance.services import mark_attendance
from trainees.models import Enrolment
from trainees.services import withdraw_enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return factories.institution("510104")


def attend(session, enrolment, hours, by):
    return mark_attendance(
        session=session,
        enrolment=enrolment,
        checked_in_at=session.starts_at,
        checked_out_at=session.starts_at + dt.timedelta(hours=hours),
        reason="测试",
        recorded_by=by,
    )


def test_the_figure_adds_up_credited_and_scheduled_time(school):
    course = att.onsite_course(school)
    past = timezone.now() - dt.timedelta(days=2)
    first = att.session(course, starts_at=past, hours=3)
    att.session(course, starts_at=past + dt.timedelta(days=1), hours=2)
    enrolment = att.enrolled_trainee(course)
    attend(first, enrolment, 1.5, factories.institution_staff(school))
    figure = attendance_by_enrolment([enrolment])[enrolment.pk]
    assert figure == AttendanceFigure(
        attended_seconds=5400,
        scheduled_seconds=5 * 3600,
        sessions_attended=1,
        sessions_total=2,
    )
    assert figure.share == pytest.approx(0.3)


def test_nothing_scheduled_is_a_share_of_zero(school):
    enrolment = att.enrolled_trainee(att.onsite_course(school))
    figure = attendance_by_enrolment([enrolment])[enrolment.pk]
    assert figure.share == 0.0 and figure.sessions_total == 0


def test_an_empty_list_gives_an_empty_answer(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert attendance_by_enrolment([]) == {}


def _enrolments_with_attendance(school, count):
    by = factories.institution_staff(school)
    enrolments = []
    for n in range(count):
        course = att.onsite_course(school, title=f"课程{n}")
        session = att.session(course, starts_at=timezone.now() - dt.timedelta(days=1))
        enrolment = att.enrolled_trainee(course)
        attend(session, enrolment, 1, by)
        enrolments.append(enrolment)
    return enrolments


@pytest.mark.parametrize("count", [1, 6])
def test_the_selector_runs_a_fixed_number_of_queries(
    school, count, django_assert_num_queries
):
    enrolments = _enrolments_with_attendance(school, count)
    with django_assert_num_queries(2):
        figures = attendance_by_enrolment(enrolments)
    assert all(f.attended_seconds == 3600 for f in figures.values())
    with django_assert_num_queries(3):
        figures = attendance_by_enrolment(Enrolment.objects.all())
    assert len(figures) == count


def test_upcoming_sessions_are_the_trainees_next_ones_soonest_first(school):
    course = att.onsite_course(school)
    now = timezone.now()
    att.session(course, starts_at=now - dt.timedelta(days=1))  # over
    under_way = att.session(course, starts_at=now - dt.timedelta(hours=1))
    later = att.session(course, starts_at=now + dt.timedelta(days=3))
    soon = att.session(course, starts_at=now + dt.timedelta(days=1))
    other_course = att.onsite_course(school, title="别人的课")
    att.session(other_course, starts_at=now + dt.timedelta(hours=2))
    enrolment = att.enrolled_trainee(course)
    assert upcoming_sessions(enrolment.user, now=now) == [under_way, soon, later]


def test_a_withdrawn_trainee_has_no_upcoming_sessions(school):
    course = att.onsite_course(school)
    att.session(course, starts_at=timezone.now() + dt.timedelta(days=1))
    enrolment = att.enrolled_trainee(course)
    withdraw_enrolment(enrolment=enrolment, by=enrolment.user)
    assert upcoming_sessions(enrolment.user) == []


def test_the_roster_tells_present_checked_out_and_absent(school):
    course = att.onsite_course(school)
    session = att.session(course, starts_at=timezone.now() - dt.timedelta(hours=4))
    by = factories.institution_staff(school)
    gone, absent = att.enrolled_trainee(course), att.enrolled_trainee(course)
    here = att.enrolled_trainee(course)
    attend(session, gone, 2, by)
    mark_attendance(
        session=session,
        enrolment=here,
        checked_in_at=session.starts_at,
        checked_out_at=None,
        reason="测试",
        recorded_by=by,
    )
    states = {line.enrolment.pk: line.state for line in session_roster(session)}
    assert states == {
        gone.pk: "checked_out",
        absent.pk: "absent",
        here.pk: "present",
    }


def test_the_figure_reads_the_enrolments_stored_attendance_not_a_new_sum(school):
    course = att.onsite_course(school)
    session = att.session(course, starts_at=timezone.now() - dt.timedelta(days=1))
    enrolment = att.enrolled_trainee(course)
    attend(session, enrolment, 1, factories.institution_staff(school))
    Enrolment.objects.filter(pk=enrolment.pk).update(attended_seconds=777)

    figure = attendance_by_enrolment([enrolment])[enrolment.pk]

    assert figure.attended_seconds == 777
    assert figure.sessions_attended == 1
