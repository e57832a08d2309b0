"""Subsidy claims with their frozen evaluation and history, and the payment that
the HR payment system records on a payable claim."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router

from api import serialize
from api.endpoints.common import ID_MAX, READ_ERRORS, errors, listing, require_read
from api.errors import ApiError
from api.paging import PageQuery, page
from api.schemas import ClaimOut, PaymentIn, page_of
from lms import policy
from trainees.subsidies.models import Claim, ClaimState
from trainees.subsidies.services.review import record_payment

router = Router(tags=["subsidies"])

ClaimPage = page_of(ClaimOut, "ClaimPage")


class ClaimFilters(PageQuery):
    state: ClaimState | None = None
    course: int | None = Field(None, ge=1, le=ID_MAX)
    institution: int | None = Field(None, ge=1, le=ID_MAX)


def _claims(user):
    return (
        Claim.objects.in_scope(user).select_related("person").prefetch_related("events")
    )


@router.get("/claims", response={200: ClaimPage, **errors(*READ_ERRORS)})
def list_claims(request, filters: Query[ClaimFilters]):
    """Claims in the caller's scope, in the order they last changed (every step of
    review, notice and payment is a change)."""
    require_read(request, Claim)
    rows = _claims(request.auth)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.course:
        rows = rows.filter(course_id=filters.course)
    if filters.institution:
        rows = rows.filter(institution_id=filters.institution)
    items, cursor = page(rows, filters)
    viewer = serialize.Viewer(request.auth)
    return listing([serialize.claim(r, viewer) for r in items], cursor)


@router.get("/claims/{claim_id}", response={200: ClaimOut, **errors(*READ_ERRORS)})
def get_claim(request, claim_id: int = Path(..., ge=1, le=ID_MAX)):
    """One claim; another region's is not found (404), never forbidden."""
    require_read(request, Claim)
    row = get_object_or_404(_claims(request.auth), pk=claim_id)
    return serialize.claim(row, serialize.Viewer(request.auth))


@router.post(
    "/claims/{claim_id}/payment",
    response={200: ClaimOut, **errors(*READ_ERRORS, 409)},
    summary="Record the payment of a payable claim (idempotent)",
)
def pay_claim(request, payment: PaymentIn, claim_id: int = Path(..., ge=1, le=ID_MAX)):
    """The HR payment system records that it paid a payable claim. Idempotent by
    the payment reference: the same call again answers the paid claim and records
    nothing; another reference for a paid claim is a conflict (409)."""
    user = request.auth
    if not policy.may_read(user, Claim) or not user.has_perm("subsidies.change_claim"):
        raise PermissionDenied
    claim = get_object_or_404(Claim.objects.in_scope(user), pk=claim_id)
    reference = payment.reference.strip()
    if not reference:
        raise ApiError(
            422,
            "invalid",
            fields=[
                {
                    "field": "body.reference",
                    "code": "reference",
                    "message": "not blank",
                }
            ],
        )
    if claim.state != ClaimState.PAID:
        try:
            record_payment(claim=claim, officer=user, reference=reference)
        except ValidationError as error:
            # Paid meanwhile by the same call (a retry racing the first), or a
            # claim not (yet) payable: decided below on the stored state.
            claim.refresh_from_db()
            if claim.state != ClaimState.PAID:
                raise ApiError(409, "conflict", error.messages[0]) from error
    claim.refresh_from_db()
    if claim.payment_reference != reference:
        raise ApiError(409, "conflict")
    return serialize.claim(_claims(user).get(pk=claim.pk), serialize.Viewer(user))
