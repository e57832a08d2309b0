"""Writes of the learner's record: enrolment, and who holds a place.

A place gives the trainee the right to the course's lessons and evidence, so every
change of one is written to Wagtail's audit log here (actions registered in
``trainees/wagtail_hooks.py``), as the person who made it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from courses.models import CoursePage, EnrolmentPolicy
from lms.models import User
from lms.services import open_account_for_mobile
from trainees.models import Enrolment, EnrolmentSource, EnrolmentStatus, PlaybackSession

PLACE_HOLDING = {EnrolmentStatus.ENROLLED}
OPEN_REQUEST = {
    EnrolmentStatus.REQUESTED,
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.WAITLISTED,
}


def _lock_course(course: CoursePage) -> CoursePage:
    """Serialise decisions about one course's places."""
    return CoursePage.objects.select_for_update().get(pk=course.pk)


def _has_place(course: CoursePage) -> bool:
    if course.capacity is None:
        return True
    return course.enrolments.enrolled().count() < course.capacity


def _log(enrolment: Enrolment, action: str, user: User | None, reason: str = ""):
    log(
        instance=enrolment,
        action=action,
        user=user,
        data={"status": enrolment.status, **({"reason": reason} if reason else {})},
    )


def _place(
    enrolment: Enrolment, *, source: str, decided_by: User | None, action: str
) -> Enrolment:
    enrolment.status = (
        EnrolmentStatus.ENROLLED
        if _has_place(enrolment.course)
        else EnrolmentStatus.WAITLISTED
    )
    enrolment.source = source
    enrolment.decided_by = decided_by
    enrolment.decided_at = timezone.now()
    enrolment.save()
    _log(enrolment, action, decided_by or enrolment.user)
    return enrolment


def _enrolment_for(user: User, course: CoursePage) -> Enrolment:
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment and enrolment.status in OPEN_REQUEST:
        raise ValidationError(
            _("This trainee already has a place or a request on this course."),
            code="duplicate",
        )
    return enrolment or Enrolment(user=user, course=course)


@transaction.atomic
def enrol_trainee(*, user: User, course: CoursePage) -> Enrolment:
    """A trainee asks for a place: taken at once on an open course (or the waiting
    list when it is full), a request on an approval course, refused on a cohort."""
    course = _lock_course(course)
    if not course.live:
        raise ValidationError(_("This course is not open."), code="not_live")
    if course.enrolment_policy == EnrolmentPolicy.COHORT:
        raise ValidationError(
            _("This course is for a closed group; the institution adds its trainees."),
            code="cohort",
        )
    enrolment = _enrolment_for(user, course)
    enrolment.course = course
    if course.enrolment_policy == EnrolmentPolicy.APPROVAL:
        enrolment.status = EnrolmentStatus.REQUESTED
        enrolment.source = EnrolmentSource.APPROVAL
        enrolment.decided_at = None
        enrolment.decided_by = None
        enrolment.save()
        _log(enrolment, "trainees.request", user)
        return enrolment
    return _place(
        enrolment, source=EnrolmentSource.SELF, decided_by=None, action="trainees.enrol"
    )


@transaction.atomic
def decide_enrolment_request(
    *, enrolment: Enrolment, approve: bool, decided_by: User, reason: str = ""
) -> Enrolment:
    """The instructor approves a request (a place, or the waiting list) or not."""
    course = _lock_course(enrolment.course)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.REQUESTED:
        raise ValidationError(
            _("Only a pending request can be decided."), code="not_pending"
        )
    enrolment.course = course
    enrolment.reason = reason
    if approve:
        return _place(
            enrolment,
            source=EnrolmentSource.APPROVAL,
            decided_by=decided_by,
            action="trainees.approve_request",
        )
    if not reason.strip():
        raise ValidationError(
            _("Say why the request is turned down."), code="reason_required"
        )
    enrolment.status = EnrolmentStatus.REJECTED
    enrolment.decided_by = decided_by
    enrolment.decided_at = timezone.now()
    enrolment.save()
    _log(enrolment, "trainees.reject_request", decided_by, reason)
    return enrolment


@transaction.atomic
def add_to_cohort(*, course: CoursePage, user: User, added_by: User) -> Enrolment:
    """The institution puts a trainee on a course (a closed cohort, or any course)."""
    course = _lock_course(course)
    enrolment = _enrolment_for(user, course)
    enrolment.course = course
    return _place(
        enrolment,
        source=EnrolmentSource.COHORT,
        decided_by=added_by,
        action="trainees.add_to_cohort",
    )


@transaction.atomic
def add_to_cohort_by_mobile(
    *,
    course: CoursePage,
    mobile: str,
    added_by: User,
    real_name: str = "",
    id_number: str = "",
) -> Enrolment:
    """The institution puts a trainee on a course by mobile number, whether or not
    they have signed up: the account holding the number, or the person's, or one
    opened for the number (``lms.services.open_account_for_mobile``), which the
    trainee gets, with this place, by proving the number with a code."""
    user = open_account_for_mobile(
        mobile=mobile, opened_by=added_by, real_name=real_name, id_number=id_number
    )
    return add_to_cohort(course=course, user=user, added_by=added_by)


@transaction.atomic
def withdraw_enrolment(
    *, enrolment: Enrolment, by: User, reason: str = ""
) -> Enrolment:
    """End a place or a request; a freed place goes to the first on the waiting list."""
    course = _lock_course(enrolment.course)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in OPEN_REQUEST:
        raise ValidationError(_("There is nothing to withdraw."), code="not_open")
    freed = enrolment.status == EnrolmentStatus.ENROLLED
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.reason = reason
    enrolment.decided_by = by
    enrolment.decided_at = timezone.now()
    enrolment.save()
    _log(enrolment, "trainees.withdraw", by, reason)
    PlaybackSession.objects.filter(
        progress__enrolment=enrolment, ended_at__isnull=True
    ).update(ended_at=timezone.now(), end_reason=PlaybackSession.EndReason.WITHDRAWN)
    if freed:
        promote_waitlisted(course=course)
    return enrolment


@transaction.atomic
def promote_waitlisted(*, course: CoursePage) -> list[Enrolment]:
    """Give free places to the waiting list, first come first served."""
    promoted = []
    for enrolment in course.enrolments.waitlisted().select_for_update():
        if not _has_place(course):
            break
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.decided_at = timezone.now()
        enrolment.save(update_fields=["status", "decided_at"])
        _log(enrolment, "trainees.promote", None)
        promoted.append(enrolment)
    return promoted
