"""Marking attendance by hand for a trainee without a phone: a reason is required,
the entry is marked manual, and Wagtail's audit log records who did it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests import factories
from tests.trainees.evidence.attendance import factories as att
from trainees.evidence.attendance.models import Attendance, AttendanceMethod
from trainees.evidence.attendance.services import mark_attendance, record_scan
from trainees.evidence.attendance.tokens import Direction, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return factories.institution("510104")


@pytest.fixture
def session(school):
    course = att.onsite_course(school)
    return att.session(course, starts_at=timezone.now() - dt.timedelta(hours=4))


@pytest.fixture
def enrolment(session):
    return att.enrolled_trainee(session.course)


@pytest.fixture
def instructor(school):
    return factories.institution_staff(school)


def mark(session, enrolment, instructor, reason="手机没电", **kw):
    kw.setdefault("checked_in_at", session.starts_at)
    kw.setdefault("checked_out_at", session.ends_at - dt.timedelta(minutes=30))
    return mark_attendance(
        session=session,
        enrolment=enrolment,
        reason=reason,
        recorded_by=instructor,
        **kw,
    )


def test_marking_by_hand_records_a_manual_entry_with_its_reason(
    session, enrolment, instructor
):
    attendance = mark(session, enrolment, instructor)
    assert attendance.method == AttendanceMethod.MANUAL
    assert attendance.manual_reason == "手机没电"
    assert attendance.recorded_by == instructor
    assert attendance.credited_seconds == int(2.5 * 3600)


def test_marking_by_hand_needs_a_reason(session, enrolment, instructor):
    for blank in ("", "   "):
        with pytest.raises(ValidationError) as error:
            mark(session, enrolment, instructor, reason=blank)
        assert error.value.code == "reason_required"
    assert not Attendance.objects.exists()


def test_the_database_refuses_a_manual_entry_without_a_reason(session, enrolment):
    attendance = Attendance(
        session=session,
        enrolment=enrolment,
        user=enrolment.user,
        checked_in_at=session.starts_at,
        method=AttendanceMethod.MANUAL,
    )
    with pytest.raises(ValidationError):
        attendance.full_clean()


def test_marking_by_hand_is_logged(session, enrolment, instructor):
    attendance = mark(session, enrolment, instructor)
    entry = ModelLogEntry.objects.get(action="attendance.mark")
    assert entry.object_id == str(attendance.pk)
    assert entry.user == instructor
    assert entry.data["reason"] == "手机没电"


def test_a_check_out_before_the_check_in_is_refused(session, enrolment, instructor):
    with pytest.raises(ValidationError) as error:
        mark(
            session,
            enrolment,
            instructor,
            checked_in_at=session.ends_at,
            checked_out_at=session.starts_at,
        )
    assert error.value.code == "order"
    assert not Attendance.objects.exists()


def test_times_still_to_come_are_refused(session, enrolment, instructor):
    with pytest.raises(ValidationError) as error:
        mark(
            session,
            enrolment,
            instructor,
            checked_out_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert error.value.code == "future"


def test_a_trainee_of_another_course_cannot_be_marked(session, school, instructor):
    other = att.enrolled_trainee(att.onsite_course(school, title="竹编"))
    with pytest.raises(ValidationError) as error:
        mark(session, other, instructor)
    assert error.value.code == "not_enrolled"


def test_marking_corrects_a_scan_without_a_check_out(session, enrolment, instructor):
    now = timezone.now()
    record_scan(
        session=session,
        token=make_token(session_id=session.pk, direction=Direction.IN, now=now),
        user=enrolment.user,
        device_id="phone-1234567890abcdef",
        now=now,
    )
    attendance = mark(session, enrolment, instructor)
    assert Attendance.objects.count() == 1
    assert attendance.method == AttendanceMethod.MANUAL
    assert attendance.credited_seconds > 0
