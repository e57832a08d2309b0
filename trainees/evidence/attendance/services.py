"""Writes of attendance: a trainee's scan of a rotating code, and the instructor's
marking by hand. Each refusal is a ValidationError raised before anything is
written, so a refused scan changes nothing."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from courses.models import CourseSession
from lms.models import User
from trainees.evidence.attendance.models import Attendance, AttendanceMethod
from trainees.evidence.attendance.tokens import Direction, ScanToken, read_token
from trainees.models import Enrolment
from trainees.signals import announce_evidence_changed

EARTH_RADIUS_METRES = 6_371_000
DEFAULT_RADIUS_METRES = 300
MARK_ACTION = "attendance.mark"


def credited_seconds_for(
    *,
    session: CourseSession,
    checked_in_at: dt.datetime,
    checked_out_at: dt.datetime | None,
) -> int:
    """Seconds between check-in and check-out that fall inside the session's own
    start and end: arriving early or leaving late earns nothing extra."""
    if checked_out_at is None:
        return 0
    start = max(checked_in_at, session.starts_at)
    end = min(checked_out_at, session.ends_at)
    return max(0, int((end - start).total_seconds()))


def distance_metres(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine) between two points given in degrees."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi = phi2 - phi1
    d_lambda = math.radians(float(lon2) - float(lon1))
    a = (
        math.sin(d_phi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(a))


def _check_location(session: CourseSession, latitude, longitude) -> None:
    if None in (latitude, longitude, session.latitude, session.longitude):
        return
    radius = getattr(settings, "ATTENDANCE_RADIUS_METRES", DEFAULT_RADIUS_METRES)
    distance = distance_metres(latitude, longitude, session.latitude, session.longitude)
    if distance > radius:
        raise ValidationError(
            _(
                "Your phone places you about %(distance)s m from the venue; check-in "
                "is accepted within %(radius)s m. Scan again at the venue, or ask the "
                "instructor to mark you by hand."
            ),
            code="too_far",
            params={"distance": round(distance), "radius": radius},
        )


def enrolment_for(user: User, session: CourseSession, *, lock: bool = False):
    """The trainee's place on the session's course, or a ValidationError; locked
    inside a transaction so that one trainee's scans run one at a time."""
    enrolments = Enrolment.objects.enrolled()
    if lock:
        enrolments = enrolments.select_for_update()
    enrolment = enrolments.filter(user_id=user.pk, course_id=session.course_id).first()
    if enrolment is None:
        raise ValidationError(
            _("You are not enrolled on the course of this session."),
            code="not_enrolled",
        )
    return enrolment


def _check_device(session: CourseSession, user: User, device_id: str) -> None:
    if not device_id:
        raise ValidationError(
            _("Your phone did not identify itself: allow cookies and scan again."),
            code="no_device",
        )
    used_by_another = (
        Attendance.objects.filter(session=session)
        .exclude(user_id=user.pk)
        .filter(Q(device_id=device_id) | Q(check_out_device_id=device_id))
        .exists()
    )
    if used_by_another:
        raise _device_used()


def _device_used() -> ValidationError:
    return ValidationError(
        _(
            "This phone has already been used for another trainee in this session. "
            "Each trainee scans with their own phone."
        ),
        code="device_used",
    )


def _replay(message: str) -> ValidationError:
    return ValidationError(message, code="replay")


def _check_state(scan: ScanToken, attendance: Attendance | None) -> None:
    """Refuse a scan that the trainee's attendance so far makes a replay or
    premature: each code counts once, in order, check-in before check-out."""
    if attendance and scan.window < attendance.last_window:
        raise _replay(_("This code is older than your last scan and changes nothing."))
    if scan.direction == Direction.IN and attendance is not None:
        raise _replay(
            _("You have already checked out of this session.")
            if attendance.checked_out_at
            else _("You are already checked in to this session.")
        )
    if scan.direction == Direction.OUT:
        if attendance is None:
            raise ValidationError(
                _("You have not checked in to this session, so you cannot check out."),
                code="not_checked_in",
            )
        if attendance.checked_out_at is not None:
            raise _replay(_("You have already checked out of this session."))


def check_scan(
    *, session: CourseSession, token: str, user: User, now: dt.datetime | None = None
) -> ScanToken:
    """What a scanned code would do, checked before the trainee confirms it; the
    same refusals as ``record_scan`` except device and place. Writes nothing."""
    scan = read_token(token, session_id=session.pk, now=now)
    enrolment_for(user, session)
    _check_state(scan, Attendance.objects.filter(session=session, user=user).first())
    return scan


@transaction.atomic
def record_scan(
    *,
    session: CourseSession,
    token: str,
    user: User,
    device_id: str,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    now: dt.datetime | None = None,
) -> Attendance:
    """Check a trainee in or out with the code they scanned (扫码签到/签退).

    Refuses a forged, expired or other session's code, a trainee not enrolled, a
    phone used for someone else, a check-out before check-in and any replay.

    Side effects: saving the record recounts ``Enrolment.attended_seconds``
    (``post_save`` receiver in ``receivers.py``); then sends
    ``trainees.signals.evidence_changed`` on commit, and the completion rule
    (``trainees.progress.completion``) re-evaluates the enrolment and, the first time
    it is met, sets ``completed_at`` and issues the course's certificate."""
    now = now or timezone.now()
    scan = read_token(token, session_id=session.pk, now=now)
    enrolment = enrolment_for(user, session, lock=True)
    _check_device(session, user, device_id)
    _check_location(session, latitude, longitude)
    attendance = (
        Attendance.objects.select_for_update()
        .filter(session=session, user=user)
        .first()
    )
    _check_state(scan, attendance)
    if scan.direction == Direction.IN:
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(
                    session=session,
                    enrolment=enrolment,
                    user=user,
                    checked_in_at=now,
                    method=AttendanceMethod.QR,
                    device_id=device_id,
                    latitude=latitude,
                    longitude=longitude,
                    last_window=scan.window,
                )
        except IntegrityError:
            # Another trainee checked in on this phone at the same moment.
            raise _device_used() from None
    else:
        attendance.checked_out_at = max(now, attendance.checked_in_at)
        attendance.check_out_device_id = device_id
        attendance.check_out_latitude = latitude
        attendance.check_out_longitude = longitude
        attendance.last_window = scan.window
        attendance.credited_seconds = credited_seconds_for(
            session=session,
            checked_in_at=attendance.checked_in_at,
            checked_out_at=attendance.checked_out_at,
        )
        attendance.save()
    announce_evidence_changed(enrolment)
    return attendance


@transaction.atomic
def mark_attendance(
    *,
    session: CourseSession,
    enrolment: Enrolment,
    checked_in_at: dt.datetime,
    checked_out_at: dt.datetime | None,
    reason: str,
    recorded_by: User,
    now: dt.datetime | None = None,
) -> Attendance:
    """The instructor records a trainee's attendance by hand (手工补签), for one
    without a phone: a reason is required, the entry is marked manual and logged.

    Side effects: as ``record_scan``, the enrolment's stored attendance figure is
    recounted (``post_save`` receiver) and ``trainees.signals.evidence_changed`` is
    sent on commit, which may complete the course and issue its certificate."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Say why this attendance is marked by hand."), code="reason_required"
        )
    first_day = timezone.localdate(session.starts_at) - dt.timedelta(days=1)
    last_day = timezone.localdate(session.ends_at) + dt.timedelta(days=1)
    for moment in (checked_in_at, checked_out_at):
        # Compared by calendar date: a time in year 1 cannot even be stored.
        if moment is not None and not first_day <= moment.date() <= last_day:
            raise ValidationError(
                _("A mark by hand must fall on the day of the session (%(day)s).")
                % {"day": timezone.localdate(session.starts_at)},
                code="session_day",
            )
    if checked_out_at is not None and checked_out_at < checked_in_at:
        raise ValidationError(
            _("The check-out time is before the check-in time."), code="order"
        )
    if max(checked_in_at, checked_out_at or checked_in_at) > now:
        raise ValidationError(
            _("Attendance cannot be recorded for a time still to come."),
            code="future",
        )
    if enrolment.course_id != session.course_id:
        raise ValidationError(
            _("This trainee is not enrolled on the course of this session."),
            code="not_enrolled",
        )
    enrolment = enrolment_for(enrolment.user, session, lock=True)
    attendance = Attendance.objects.select_for_update().filter(
        session=session, user_id=enrolment.user_id
    ).first() or Attendance(session=session, enrolment=enrolment, user=enrolment.user)
    attendance.checked_in_at = checked_in_at
    attendance.checked_out_at = checked_out_at
    attendance.method = AttendanceMethod.MANUAL
    attendance.manual_reason = reason
    attendance.recorded_by = recorded_by
    attendance.credited_seconds = credited_seconds_for(
        session=session, checked_in_at=checked_in_at, checked_out_at=checked_out_at
    )
    attendance.save()
    log(
        instance=attendance,
        action=MARK_ACTION,
        user=recorded_by,
        data={
            "reason": reason,
            "checked_in_at": checked_in_at.isoformat(),
            "checked_out_at": checked_out_at.isoformat() if checked_out_at else None,
        },
    )
    announce_evidence_changed(enrolment)
    return attendance
