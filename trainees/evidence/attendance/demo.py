"""Demo attendance for ``make run``: the demo trainee holds a place on the demo
on-site course, which gains one session already held, where they were marked
present by hand. Idempotent: everything is found by its natural key first."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from courses.demo import ONSITE_TITLE
from courses.models import CoursePage, CourseSession
from lms.models import User
from trainees.evidence.attendance.models import Attendance
from trainees.evidence.attendance.services import mark_attendance
from trainees.models import Enrolment, EnrolmentStatus
from trainees.services import add_to_cohort

TRAINEE_EMAIL = "trainee@jiangxin.local"
STAFF_EMAIL = "school@jiangxin.local"
PAST_SESSION_TITLE = "开班课（已结束）"


def _past_session(course: CoursePage) -> tuple[CourseSession, bool]:
    session = CourseSession.objects.filter(
        course=course, title=PAST_SESSION_TITLE
    ).first()
    if session is not None:
        return session, False
    starts = timezone.localtime().replace(
        hour=9, minute=0, second=0, microsecond=0
    ) - dt.timedelta(days=3)
    first = course.sessions.order_by("starts_at").first()
    return (
        CourseSession.objects.create(
            course=course,
            sort_order=-1,
            title=PAST_SESSION_TITLE,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=3),
            venue=first.venue if first else "锦江区蜀锦织造工坊",
            address=first.address if first else "",
            latitude=first.latitude if first else None,
            longitude=first.longitude if first else None,
            capacity=first.capacity if first else None,
        ),
        True,
    )


@transaction.atomic
def load_demo() -> int:
    """Create the demo enrolment, past session and attendance; return how many
    objects were created (0 on a second run)."""
    course = CoursePage.objects.filter(title=ONSITE_TITLE).first()
    trainee = User.objects.filter(email=TRAINEE_EMAIL).first()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if course is None or trainee is None or staff is None:
        return 0
    created = 0
    enrolment = Enrolment.objects.filter(user=trainee, course=course).first()
    if enrolment is None:
        enrolment = add_to_cohort(course=course, user=trainee, added_by=staff)
        created += 1
    session, new = _past_session(course)
    created += new
    if enrolment.status != EnrolmentStatus.ENROLLED:
        return created
    if not Attendance.objects.filter(session=session, user=trainee).exists():
        mark_attendance(
            session=session,
            enrolment=enrolment,
            checked_in_at=session.starts_at + dt.timedelta(minutes=5),
            checked_out_at=session.ends_at - dt.timedelta(minutes=10),
            reason="演示：学员手机没电，由老师手工补签",
            recorded_by=staff,
        )
        created += 1
    return created
