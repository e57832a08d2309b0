"""Enrolments with verified hours and progress, certificates, and the public
verification of a certificate by its number."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router

from api import serialize
from api.endpoints.common import ID_MAX, READ_ERRORS, errors, listing, require_read
from api.errors import RateLimited
from api.paging import PageQuery, page
from api.schemas import (
    NO_CONTROL,
    CertificateOut,
    EnrolmentOut,
    VerificationOut,
    page_of,
)
from lms.identity import mask_name
from trainees.certificates.models import Certificate, CertificateStatus
from trainees.certificates.views import RATE_WINDOW_SECONDS, over_rate_limit
from trainees.models import Enrolment, EnrolmentStatus

router = Router(tags=["learning"])
public = Router(tags=["public"])

EnrolmentPage = page_of(EnrolmentOut, "EnrolmentPage")
CertificatePage = page_of(CertificateOut, "CertificatePage")


class EnrolmentFilters(PageQuery):
    course: int | None = Field(None, ge=1, le=ID_MAX)
    status: EnrolmentStatus | None = None


def enrolments_for(user):
    """The enrolments a caller may list, ready to show in a constant number of
    queries per page."""
    return Enrolment.objects.in_scope(user).select_related("user__person")


@router.get("/enrolments", response={200: EnrolmentPage, **errors(*READ_ERRORS)})
def list_enrolments(request, filters: Query[EnrolmentFilters]):
    """Enrolments in the caller's scope with verified watch and attendance hours
    and completion, in the order they last changed (a heartbeat that adds verified
    time, an attendance, a withdrawal: each is a change)."""
    require_read(request, Enrolment)
    rows = enrolments_for(request.auth)
    if filters.course:
        rows = rows.filter(course_id=filters.course)
    if filters.status:
        rows = rows.filter(status=filters.status)
    items, cursor = page(rows, filters)
    viewer = serialize.Viewer(request.auth)
    return listing([serialize.enrolment(r, viewer) for r in items], cursor)


@router.get(
    "/enrolments/{enrolment_id}", response={200: EnrolmentOut, **errors(*READ_ERRORS)}
)
def get_enrolment(request, enrolment_id: int = Path(..., ge=1, le=ID_MAX)):
    require_read(request, Enrolment)
    row = get_object_or_404(enrolments_for(request.auth), pk=enrolment_id)
    return serialize.enrolment(row, serialize.Viewer(request.auth))


class CertificateFilters(PageQuery):
    course: int | None = Field(None, ge=1, le=ID_MAX)
    status: CertificateStatus | None = None


def _certificates(request):
    require_read(request, Certificate)
    return Certificate.objects.in_scope(request.auth).select_related("person")


@router.get("/certificates", response={200: CertificatePage, **errors(*READ_ERRORS)})
def list_certificates(request, filters: Query[CertificateFilters]):
    """Certificates in the caller's scope; a revocation is a change."""
    rows = _certificates(request)
    if filters.course:
        rows = rows.filter(course_id=filters.course)
    if filters.status:
        rows = rows.filter(status=filters.status)
    items, cursor = page(rows, filters)
    viewer = serialize.Viewer(request.auth)
    return listing([serialize.certificate(r, viewer) for r in items], cursor)


@router.get(
    "/certificates/{certificate_id}",
    response={200: CertificateOut, **errors(*READ_ERRORS)},
)
def get_certificate(request, certificate_id: int = Path(..., ge=1, le=ID_MAX)):
    row = get_object_or_404(_certificates(request), pk=certificate_id)
    return serialize.certificate(row, serialize.Viewer(request.auth))


@public.get(
    "/verify/{serial}",
    response={200: VerificationOut, **errors(422, 429)},
    auth=None,
    summary="Verify a certificate by its number (no token)",
)
def verify_certificate(
    request, serial: str = Path(..., max_length=40, pattern=NO_CONTROL)
):
    """What anyone may know of a certificate Jiangxin issued, as its public
    verification page shows it (the holder's name masked); limited per client
    address like that page."""
    if over_rate_limit(request):
        raise RateLimited(RATE_WINDOW_SECONDS)
    serial = "".join(serial.split()).upper()
    certificate = (
        Certificate.objects.issued_here()
        .select_related("person", "institution")
        .filter(serial=serial)
        .first()
    )
    if certificate is None:
        return {"serial": serial, "outcome": "unknown"}
    return {
        "serial": serial,
        "outcome": "revoked" if certificate.is_revoked else "valid",
        "holder": mask_name(certificate.person.real_name),
        "course_title": certificate.course_title,
        "issued_on": certificate.issued_on,
        "institution": certificate.institution.name
        if certificate.institution
        else None,
    }
