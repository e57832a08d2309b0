"""What the API answers with: one typed schema per resource (OpenAPI 3.1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StringConstraints

from lms.models import StatusGroup

# Text read from a request: no control characters (PostgreSQL refuses NUL, and no
# field here has a use for the others).
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"


def text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(
            min_length=min_length, max_length=max_length, pattern=NO_CONTROL
        ),
    ]


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The schema of one page of ``item`` rows with the cursor of the next."""
    return type(
        name,
        (Schema,),
        {
            "__annotations__": {"items": list[item], "next_cursor": str | None},
            "__doc__": f"A page of {item.__name__} rows; `next_cursor` is null on "
            "the last page.",
        },
    )


class PersonOut(Schema):
    """A person, masked as the admin masks them for the caller: the full ID number
    only for those who may see it."""

    real_name: str
    id_number: str
    id_number_masked: bool


class RegionOut(Schema):
    code: str
    name: str
    name_en: str
    level: str
    parent: str | None
    retired: bool


class InstitutionOut(Schema):
    id: int
    name: str
    credit_code: str
    region: str
    address: str
    contact_name: str


class SessionOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str
    address: str
    capacity: int | None


class CourseOut(Schema):
    id: int
    title: str
    live: bool
    mode: str
    ich_category: str
    craft: str
    occupation: str
    skill_level: int | None
    planned_hours: Decimal | None
    region: str
    institution: int
    enrolment_policy: str
    capacity: int | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    awards: str
    sessions: list[SessionOut]
    updated_at: dt.datetime


class EnrolmentOut(Schema):
    id: int
    trainee: int
    person: PersonOut | None
    mobile: str = Field(
        ...,
        description="The trainee's mobile number: E.164 for those who may see "
        "full numbers, masked (138****8000) for others; empty without one.",
    )
    course: int
    status: str
    source: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    verified_hours: Decimal
    attended_hours: Decimal
    completed_at: dt.datetime | None
    updated_at: dt.datetime


class CertificateOut(Schema):
    id: int
    serial: str
    kind: str
    status: str
    person: PersonOut
    course: int | None
    course_title: str
    occupation: str
    skill_level: int | None
    hours: Decimal | None
    institution: int | None
    issuing_body: str
    region: str | None
    issued_on: dt.date
    revoked_at: dt.datetime | None
    updated_at: dt.datetime


class VerificationOut(Schema):
    """What anyone may know of a certificate from its number."""

    serial: str
    outcome: str
    holder: str | None = None
    course_title: str | None = None
    issued_on: dt.date | None = None
    institution: str | None = None


class ClaimEventOut(Schema):
    action: str
    state: str
    reason: str
    at: dt.datetime


class ClaimOut(Schema):
    id: int
    state: str
    person: PersonOut
    course: int
    institution: int
    policy: int
    scheme: str
    payee: str
    occupation: str
    skill_level: int | None
    certificate_serial: str
    amount: Decimal | None
    verdict: str
    evaluated_on: dt.date
    evaluation: dict[str, Any]
    flags: list[Any]
    submitted_at: dt.datetime
    subsidy_year: int | None
    payment_reference: str
    events: list[ClaimEventOut]
    updated_at: dt.datetime


class ConfirmationOut(Schema):
    year: int
    confirmed_at: dt.datetime
    channel: str
    changes: str


class EmploymentOut(Schema):
    year: int
    employed: int
    poverty_alleviated: int
    monitoring_targets: int
    home_based: int
    flexible: int
    average_income: Decimal | None


class WorkshopOut(Schema):
    id: int
    name: str
    region: str
    entity_type: str
    entity_name: str
    leader: PersonOut | None
    craft: str
    state: str
    identified_on: dt.date | None
    library_number: str
    confirmations: list[ConfirmationOut]
    employment: list[EmploymentOut]
    updated_at: dt.datetime


class InheritorOut(Schema):
    id: int
    person: PersonOut
    item_code: str
    item_name: str
    level: str
    region: str
    designated_year: int
    status: str
    cancellation_ground: str
    cancelled_on: dt.date | None
    updated_at: dt.datetime


class AwardOut(Schema):
    kind: str
    person: PersonOut


class ResultOut(Schema):
    entry_number: int
    team_name: str
    institution: int | None
    total: Decimal
    rank: int
    awards: list[AwardOut]


class CompetitionOut(Schema):
    id: int
    name: str
    level: str
    region: str
    craft: str
    status: str
    registration_opens_at: dt.datetime
    registration_closes_at: dt.datetime
    starts_on: dt.date
    ends_on: dt.date
    results_published_at: dt.datetime | None
    results: list[ResultOut]
    updated_at: dt.datetime


class RosterRow(Schema):
    """One trainee: the email of their account, or their mobile number (with, if
    known, their real name and ID number), whether or not they have signed up."""

    email: text(254) = ""
    mobile: text(32) = ""
    real_name: text(64) = ""
    id_number: text(40) = ""


class RosterIn(Schema):
    """Trainees to put on a course, by the email of their account or their mobile
    number: a number nobody has signed up with is kept for the trainee, who finds
    the place waiting when they sign up with it."""

    course: int = Field(..., ge=1, le=2**31 - 1)
    rows: list[RosterRow]


class RowError(Schema):
    row: int
    code: str
    message: str


class RosterOut(Schema):
    enrolments: list[EnrolmentOut]


class StatusPeriodIn(Schema):
    id_number: text(40, 1)
    group: StatusGroup
    starts_on: dt.date
    ends_on: dt.date | None = None
    proof: text(255) = ""


class StatusPeriodOut(Schema):
    id: int
    person: PersonOut
    group: str
    starts_on: dt.date
    ends_on: dt.date | None
    proof: str
    recorded_at: dt.datetime


class PaymentIn(Schema):
    reference: text(64, 1)


class TokenUserOut(Schema):
    """Who the caller is, as the API sees them."""

    id: int
    email: str
    is_system_account: bool
    sees_everything: bool
    region: str | None
    institution: int | None
