"""Each enrolment's stored attendance figure follows its records, however they
change, and can be recounted from them."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from tests.trainees.evidence.attendance import factories as att
from trainees.evidence.attendance.figures import refresh_attended_seconds
from trainees.evidence.attendance.models import Attendance
from trainees.evidence.attendance.services import mark_attendance, record_scan
from trainees.evidence.attendance.tokens import Direction, make_token
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return factories.institution("510104")


@pytest.fixture
def course(school):
    return att.onsite_course(school)


def figure(enrolment) -> int:
    return Enrolment.objects.get(pk=enrolment.pk).attended_seconds


def scan(session, enrolment, direction, at):
    token = make_token(session_id=session.pk, direction=direction, now=at)
    return record_scan(
        session=session,
        token=token,
        user=enrolment.user,
        now=at,
        device_id=f"phone-of-{enrolment.user_id}-0000000000",
    )


def test_checking_out_adds_the_credited_time_to_the_figure(course):
    enrolment = att.enrolled_trainee(course)
    session = att.session(course, starts_at=timezone.now() - dt.timedelta(hours=5))
    scan(session, enrolment, Direction.IN, session.starts_at)
    assert figure(enrolment) == 0
    scan(session, enrolment, Direction.OUT, session.starts_at + dt.timedelta(hours=2))
    assert figure(enrolment) == 2 * 3600


def test_marking_by_hand_and_a_correction_and_a_deletion_keep_it_in_step(
    school, course
):
    enrolment = att.enrolled_trainee(course)
    instructor = factories.institution_staff(school)
    early = att.session(course, starts_at=timezone.now() - dt.timedelta(days=2))
    late = att.session(course, starts_at=timezone.now() - dt.timedelta(days=1))
    for session in (early, late):
        mark_attendance(
            session=session,
            enrolment=enrolment,
            checked_in_at=session.starts_at,
            checked_out_at=session.starts_at + dt.timedelta(hours=1),
            reason="手机没电",
            recorded_by=instructor,
        )
    assert figure(enrolment) == 2 * 3600
    record = Attendance.objects.get(session=late)
    record.credited_seconds = 1800
    record.save()
    assert figure(enrolment) == 3600 + 1800
    record.delete()
    assert figure(enrolment) == 3600


def test_a_recount_repairs_figures_that_bulk_writes_left_behind(course):
    enrolment, other = att.enrolled_trainee(course), att.enrolled_trainee(course)
    session = att.session(course, starts_at=timezone.now() - dt.timedelta(hours=5))
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                enrolment=e,
                user=e.user,
                checked_in_at=session.starts_at,
                checked_out_at=session.ends_at,
                method="qr",
                credited_seconds=600,
            )
            for e in (enrolment, other)
        ]
    )
    Enrolment.objects.filter(pk=other.pk).update(attended_seconds=99)
    assert figure(enrolment) == 0  # no signal for bulk inserts
    assert refresh_attended_seconds([enrolment.pk]) == 1
    assert (figure(enrolment), figure(other)) == (600, 99)
    refresh_attended_seconds()
    assert figure(other) == 600
