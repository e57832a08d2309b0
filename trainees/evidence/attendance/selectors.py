"""Reads of attendance for other parts of the learner's record: the completion rule,
"My learning" and the instructor's roster."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from courses.models import CourseSession
from lms.models import User
from trainees.evidence.attendance.models import Attendance
from trainees.models import Enrolment, EnrolmentStatus


@dataclass(frozen=True)
class AttendanceFigure:
    """An enrolment's attendance (出勤) against its course's scheduled sessions."""

    attended_seconds: int = 0
    scheduled_seconds: int = 0
    sessions_attended: int = 0
    sessions_total: int = 0

    @property
    def share(self) -> float:
        """Attended share of the scheduled time, 0.0 to 1.0 (0 when none)."""
        if self.scheduled_seconds <= 0:
            return 0.0
        return min(1.0, self.attended_seconds / self.scheduled_seconds)


def schedule_by_course(course_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(scheduled seconds, number of sessions) per course id, in one query."""
    schedule: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for course_id, starts_at, ends_at in CourseSession.objects.filter(
        course_id__in=course_ids
    ).values_list("course_id", "starts_at", "ends_at"):
        schedule[course_id][0] += int((ends_at - starts_at).total_seconds())
        schedule[course_id][1] += 1
    return {course_id: tuple(figures) for course_id, figures in schedule.items()}


def attendance_by_enrolment(
    enrolments: Iterable[Enrolment],
) -> dict[int, AttendanceFigure]:
    """Attendance figures keyed by enrolment id, in two queries whatever the count
    (three when given an unevaluated queryset).

    The attended time is the enrolment's stored figure (``Enrolment.attended_seconds``,
    kept by `figures.refresh_attended_seconds`), read afresh from the database so a
    stale instance cannot mislead; only the sessions attended are counted here."""
    enrolments = list(enrolments)
    if not enrolments:
        return {}
    schedule = schedule_by_course({e.course_id for e in enrolments})
    attended = {
        pk: (seconds, sessions)
        for pk, seconds, sessions in Enrolment.objects.filter(
            pk__in=[e.pk for e in enrolments]
        )
        .annotate(
            sessions=Count("attendances", filter=Q(attendances__credited_seconds__gt=0))
        )
        .values_list("pk", "attended_seconds", "sessions")
    }
    figures = {}
    for enrolment in enrolments:
        scheduled_seconds, sessions_total = schedule.get(enrolment.course_id, (0, 0))
        seconds, sessions = attended.get(enrolment.pk, (0, 0))
        figures[enrolment.pk] = AttendanceFigure(
            attended_seconds=seconds,
            scheduled_seconds=scheduled_seconds,
            sessions_attended=sessions,
            sessions_total=sessions_total,
        )
    return figures


def upcoming_sessions(
    user: User, now: dt.datetime | None = None, limit: int = 5
) -> list[CourseSession]:
    """The trainee's next sessions (including one under way) across the courses
    they hold a place on, soonest first."""
    if not (user and user.is_authenticated):
        return []
    now = now or timezone.now()
    return list(
        CourseSession.objects.filter(
            course__live=True,
            course__enrolments__user_id=user.pk,
            course__enrolments__status=EnrolmentStatus.ENROLLED,
            ends_at__gt=now,
        )
        .select_related("course")
        .order_by("starts_at")[:limit]
    )


@dataclass(frozen=True)
class RosterLine:
    """One trainee on a session's roster (花名册) and what they have done so far."""

    enrolment: Enrolment
    attendance: Attendance | None

    @property
    def state(self) -> str:
        if self.attendance is None:
            return "absent"
        return "present" if self.attendance.is_present else "checked_out"


def session_roster(session: CourseSession) -> list[RosterLine]:
    """Everyone enrolled on the session's course, with their attendance, by name."""
    enrolments = (
        Enrolment.objects.enrolled()
        .filter(course_id=session.course_id)
        .select_related("user__person")
        .order_by("user__person__real_name", "user__email")
    )
    by_user = {a.user_id: a for a in Attendance.objects.filter(session=session)}
    return [RosterLine(e, by_user.get(e.user_id)) for e in enrolments]
