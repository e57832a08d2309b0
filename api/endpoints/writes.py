"""Writes where another system is the source: a roster put on a course (all or
nothing), and status periods from the rural-revitalization lists. Each goes
through the service the admin uses."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from api import serialize
from api.endpoints.common import READ_ERRORS, errors
from api.errors import ApiError
from api.schemas import RosterIn, RosterOut, StatusPeriodIn, StatusPeriodOut
from courses.models import CoursePage
from lms import policy
from lms.models import Person, StatusPeriod, User
from lms.validators import mobile_e164
from trainees.models import Enrolment
from trainees.services import add_to_cohort, add_to_cohort_by_mobile
from trainees.subsidies.services.claims import record_status_period

router = Router(tags=["writes"])

MAX_ROSTER_ROWS = 1000


def _row_error(index: int, code: str, message, field: str = "email") -> dict:
    return {
        "field": f"body.rows.{index}.{field}",
        "code": code,
        "message": str(message),
    }


def _enrol_row(row, *, course: CoursePage, by: User) -> Enrolment:
    """Put one row's trainee on the course, by email or by mobile number."""
    if row.mobile:
        return add_to_cohort_by_mobile(
            course=course,
            mobile=row.mobile,
            real_name=row.real_name,
            id_number=row.id_number,
            added_by=by,
        )
    trainee = User.objects.filter(email__iexact=row.email.strip()).first()
    if trainee is None:
        raise ValidationError(
            _("No account uses this email; the trainee must sign up first."),
            code="unknown_account",
        )
    return add_to_cohort(course=course, user=trainee, added_by=by)


@router.post(
    "/rosters",
    response={201: RosterOut, **errors(*READ_ERRORS)},
    summary="Put a roster on a course (all or nothing)",
)
def enrol_roster(request, roster: RosterIn):
    """Put each trainee of the roster (by their account's email, or by mobile
    number whether or not they have signed up) on the course, as the institution's
    'add to cohort' does. All or nothing: one bad row and none is enrolled; the
    answer names every bad row (``body.rows.N.email`` or ``body.rows.N.mobile``)."""
    user = request.auth
    if not policy.may_add(user, Enrolment):
        raise PermissionDenied
    course = get_object_or_404(CoursePage.objects.in_scope(user), pk=roster.course)
    if not roster.rows or len(roster.rows) > MAX_ROSTER_ROWS:
        raise ApiError(
            422,
            "invalid",
            fields=[
                {
                    "field": "body.rows",
                    "code": "length",
                    "message": f"1 to {MAX_ROSTER_ROWS} rows",
                }
            ],
        )
    row_errors: list[dict] = []
    enrolments = []
    seen: set[str] = set()
    with transaction.atomic():
        for index, row in enumerate(roster.rows):
            field = "mobile" if row.mobile else "email"
            if bool(row.mobile) == bool(row.email.strip()):
                row_errors.append(
                    _row_error(
                        index,
                        "required",
                        _("Give either the trainee's email or their mobile number."),
                    )
                )
                continue
            try:
                who = (
                    mobile_e164(row.mobile) if row.mobile else row.email.strip().lower()
                )
            except ValidationError as error:
                row_errors.append(
                    _row_error(index, error.code, error.messages[0], field)
                )
                continue
            if who in seen:
                row_errors.append(
                    _row_error(
                        index, "duplicate", _("This row repeats another."), field
                    )
                )
                continue
            seen.add(who)
            try:
                with transaction.atomic():
                    enrolments.append(_enrol_row(row, course=course, by=user))
            except ValidationError as error:
                row_errors.append(
                    _row_error(index, error.code or "invalid", error.messages[0], field)
                )
        if row_errors:
            transaction.set_rollback(True)
    if row_errors:
        raise ApiError(422, "invalid", fields=row_errors)
    viewer = serialize.Viewer(user)
    rows = Enrolment.objects.select_related("user__person").filter(
        pk__in=[e.pk for e in enrolments]
    )
    return Status(201, {"enrolments": [serialize.enrolment(e, viewer) for e in rows]})


@router.post(
    "/status-periods",
    response={201: StatusPeriodOut, **errors(*READ_ERRORS)},
    summary="Record a status period of a person",
)
def create_status_period(request, period: StatusPeriodIn):
    """Record that a person (by ID number, in the caller's region) belonged to a
    group from one date to another, as the admin's form does."""
    user = request.auth
    if not policy.may_add(user, StatusPeriod):
        raise PermissionDenied
    person = Person.objects.in_scope(user).with_id_number(period.id_number).first()
    if person is None:
        raise ApiError(
            404,
            "not_found",
            fields=[
                {
                    "field": "body.id_number",
                    "code": "unknown_person",
                    "message": "no such person in your scope",
                }
            ],
        )
    row = record_status_period(
        person=person,
        group=period.group,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        proof=period.proof,
        recorded_by=user,
    )
    return Status(
        201,
        {
            "id": row.pk,
            "person": serialize.Viewer(user).person(person),
            "group": row.group,
            "starts_on": row.starts_on,
            "ends_on": row.ends_on,
            "proof": row.proof,
            "recorded_at": row.recorded_at,
        },
    )
