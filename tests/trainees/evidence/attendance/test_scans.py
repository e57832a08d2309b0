"""Checking in and out by rotating QR code: which codes are accepted, which are
refused, and that a refused scan changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests import factories
from tests.trainees.evidence.attendance import factories as att
from trainees.evidence.attendance import tokens
from trainees.evidence.attendance.models import Attendance, AttendanceMethod
from trainees.evidence.attendance.services import record_scan
from trainees.evidence.attendance.tokens import WINDOW_SECONDS, Direction, make_token
from trainees.signals import evidence_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return att.onsite_course(factories.institution("510104"))


@pytest.fixture
def session(course):
    return att.session(course)


@pytest.fixture
def enrolment(course):
    return att.enrolled_trainee(course)


def scan(session, enrolment, direction=Direction.IN, *, at=None, token=None, **kw):
    at = at or timezone.now()
    token = token or make_token(session_id=session.pk, direction=direction, now=at)
    kw.setdefault("device_id", f"phone-of-{enrolment.user_id}-0000000000")
    return record_scan(session=session, token=token, user=enrolment.user, now=at, **kw)


def refused(code, *args, **kwargs):
    with pytest.raises(ValidationError) as error:
        scan(*args, **kwargs)
    assert error.value.code == code, error.value.messages
    return error.value


def test_a_valid_code_checks_the_trainee_in(session, enrolment):
    attendance = scan(session, enrolment)
    assert attendance.method == AttendanceMethod.QR
    assert attendance.checked_in_at is not None
    assert attendance.checked_out_at is None
    assert attendance.credited_seconds == 0


def test_checking_out_credits_the_time_between(session, enrolment):
    start = session.starts_at + dt.timedelta(minutes=5)
    scan(session, enrolment, at=start)
    attendance = scan(
        session, enrolment, Direction.OUT, at=start + dt.timedelta(hours=2)
    )
    assert attendance.credited_seconds == 2 * 3600


def test_credit_is_capped_to_the_sessions_own_hours(course, enrolment):
    session = att.session(course, starts_at=timezone.now() - dt.timedelta(hours=5))
    scan(session, enrolment, at=session.starts_at - dt.timedelta(hours=1))
    attendance = scan(
        session, enrolment, Direction.OUT, at=session.ends_at + dt.timedelta(hours=1)
    )
    assert attendance.credited_seconds == 3 * 3600


def test_time_entirely_outside_the_session_earns_nothing(course, enrolment):
    session = att.session(course, starts_at=timezone.now() - dt.timedelta(hours=5))
    after = session.ends_at + dt.timedelta(minutes=10)
    scan(session, enrolment, at=after)
    attendance = scan(
        session, enrolment, Direction.OUT, at=after + dt.timedelta(hours=1)
    )
    assert attendance.credited_seconds == 0


def test_an_expired_code_is_refused_and_changes_nothing(session, enrolment):
    now = timezone.now()
    old = make_token(
        session_id=session.pk,
        direction=Direction.IN,
        now=now - dt.timedelta(seconds=2 * WINDOW_SECONDS + 1),
    )
    error = refused("expired", session, enrolment, at=now, token=old)
    assert "expired" in error.messages[0]
    assert not Attendance.objects.exists()


def test_the_previous_windows_code_is_still_accepted(session, enrolment):
    now = timezone.now()
    recent = make_token(
        session_id=session.pk,
        direction=Direction.IN,
        now=now - dt.timedelta(seconds=WINDOW_SECONDS),
    )
    assert scan(session, enrolment, at=now, token=recent).pk


def test_a_forged_code_is_refused(session, enrolment):
    forged = signing.dumps(
        [session.pk, "in", tokens.window_of(timezone.now())], salt="another-salt"
    )
    refused("forged", session, enrolment, token=forged)
    assert not Attendance.objects.exists()


def test_a_tampered_code_is_refused(session, enrolment):
    genuine = make_token(session_id=session.pk, direction=Direction.IN)
    payload, signature = genuine.split(":", 1)
    tampered = payload[:-1] + ("A" if payload[-1] != "A" else "B") + ":" + signature
    refused("forged", session, enrolment, token=tampered)
    refused("forged", session, enrolment, token="not-a-code")
    assert not Attendance.objects.exists()


def test_a_code_of_another_session_is_refused(course, session, enrolment):
    other = att.session(course, starts_at=session.ends_at)
    token = make_token(session_id=other.pk, direction=Direction.IN)
    refused("wrong_session", session, enrolment, token=token)
    assert not Attendance.objects.exists()


def test_a_trainee_not_enrolled_is_refused(session, course):
    outsider = att.enrolled_trainee(att.onsite_course(factories.institution("510105")))
    refused("not_enrolled", session, outsider)
    assert not Attendance.objects.exists()


def test_checking_out_before_checking_in_is_refused(session, enrolment):
    refused("not_checked_in", session, enrolment, Direction.OUT)
    assert not Attendance.objects.exists()


def test_the_same_code_submitted_twice_changes_nothing_the_second_time(
    session, enrolment
):
    now = timezone.now()
    token = make_token(session_id=session.pk, direction=Direction.IN, now=now)
    first = scan(session, enrolment, at=now, token=token)
    later = now + dt.timedelta(seconds=5)
    refused("replay", session, enrolment, at=later, token=token)
    assert Attendance.objects.get().checked_in_at == first.checked_in_at


def test_a_repeated_check_out_changes_nothing(session, enrolment):
    now = timezone.now()
    scan(session, enrolment, at=now - dt.timedelta(minutes=30))
    done = scan(session, enrolment, Direction.OUT, at=now)
    refused(
        "replay", session, enrolment, Direction.OUT, at=now + dt.timedelta(seconds=1)
    )
    again = Attendance.objects.get()
    assert again.checked_out_at == done.checked_out_at
    assert again.credited_seconds == done.credited_seconds


def test_a_code_older_than_the_last_scan_is_a_replay(session, enrolment):
    now = timezone.now()
    old_out = make_token(
        session_id=session.pk,
        direction=Direction.OUT,
        now=now - dt.timedelta(seconds=WINDOW_SECONDS),
    )
    scan(session, enrolment, at=now)
    error = refused("replay", session, enrolment, at=now, token=old_out)
    assert "older" in error.messages[0]
    assert Attendance.objects.get().checked_out_at is None


def test_one_phone_cannot_check_in_two_trainees(session, course, enrolment):
    friend = att.enrolled_trainee(course)
    scan(session, enrolment, device_id="shared-phone-0123456789")
    refused("device_used", session, friend, device_id="shared-phone-0123456789")
    assert Attendance.objects.count() == 1


def test_a_scan_without_a_device_id_is_refused(session, enrolment):
    refused("no_device", session, enrolment, device_id="")


def test_a_phone_far_from_the_venue_is_refused(session, enrolment):
    error = refused(
        "too_far",
        session,
        enrolment,
        latitude=Decimal("30.700000"),  # ~5 km north
        longitude=Decimal("104.081000"),
    )
    assert "m from the venue" in error.messages[0]
    assert not Attendance.objects.exists()


def test_a_phone_at_the_venue_is_accepted_and_its_place_kept(session, enrolment):
    attendance = scan(
        session,
        enrolment,
        latitude=Decimal("30.655100"),
        longitude=Decimal("104.081200"),
    )
    assert attendance.latitude == Decimal("30.655100")


def test_the_radius_is_configurable(settings, session, enrolment):
    settings.ATTENDANCE_RADIUS_METRES = 10
    refused(
        "too_far",
        session,
        enrolment,
        latitude=Decimal("30.655100"),
        longitude=Decimal("104.081200"),
    )


def test_a_venue_without_coordinates_accepts_any_place(course, enrolment):
    session = att.session(course, located=False)
    assert scan(
        session, enrolment, latitude=Decimal("39.9"), longitude=Decimal("116.4")
    )


def test_each_scan_announces_changed_evidence(
    session, enrolment, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, enrolment, **kwargs):
        heard.append(enrolment.pk)

    evidence_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            scan(session, enrolment)
            scan(session, enrolment, Direction.OUT)
    finally:
        evidence_changed.disconnect(listener)
    assert heard == [enrolment.pk, enrolment.pk]
