"""Answers ``courses.access``'s question for trainees: what their enrolment allows."""

from __future__ import annotations

from courses.access import CourseAccess
from courses.models import EnrolmentPolicy
from trainees.models import Enrolment, EnrolmentStatus


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
    return CourseAccess(
        can_learn=enrolment.status == EnrolmentStatus.ENROLLED,
        status=enrolment.status,
        status_label=enrolment.get_status_display(),
        can_withdraw=True,
    )
