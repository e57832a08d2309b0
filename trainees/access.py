"""Answers ``courses.access``'s question for trainees: what their enrolment allows."""

from __future__ import annotations

from types import MappingProxyType

from courses.access import CourseAccess, LessonProgressView
from courses.models import EnrolmentPolicy
from trainees.models import Enrolment, EnrolmentStatus, LessonProgress


def enrolment_access(user, course) -> CourseAccess | None:
    if not (user and user.is_authenticated):
        return CourseAccess(can_enrol=course.enrolment_policy != EnrolmentPolicy.COHORT)
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None or enrolment.status in (
        EnrolmentStatus.WITHDRAWN,
        EnrolmentStatus.REJECTED,
    ):
        return CourseAccess(
            status=enrolment.status if enrolment else "",
            status_label=enrolment.get_status_display() if enrolment else "",
            can_enrol=course.enrolment_policy != EnrolmentPolicy.COHORT,
        )
    enrolled = enrolment.status == EnrolmentStatus.ENROLLED
    return CourseAccess(
        can_learn=enrolled,
        status=enrolment.status,
        status_label=enrolment.get_status_display(),
        can_withdraw=True,
        verified_seconds=enrolment.verified_seconds,
        progress=_lesson_progress(enrolment) if enrolled else MappingProxyType({}),
    )


def _lesson_progress(enrolment: Enrolment):
    rows = LessonProgress.objects.filter(enrolment=enrolment).only(
        "lesson_id",
        "covered_seconds",
        "duration",
        "required_share",
        "last_position",
        "completed_at",
        "updated_at",
    )
    return MappingProxyType(
        {
            row.lesson_id: LessonProgressView(
                share=row.share,
                position=row.last_position,
                completed=row.completed_at is not None,
                required=row.required_share / 100,
                updated_at=row.updated_at,
            )
            for row in rows
        }
    )
