"""Files HR takes away: the payment list (发放名册) of approved claims, and a region's
eligibility report, as XLSX or CSV, scoped to the officer's region. Full ID numbers
appear only for an officer holding the dedicated permission."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from courses.models import CoursePage
from lms.scoping import scope_of
from trainees.models import Enrolment
from trainees.subsidies.evidence import evaluate_region
from trainees.subsidies.models import SUBSIDISED_STATES, Claim, Policy

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(rows: list[list], name: str, kind: str) -> HttpResponse:
    if kind == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        # A byte-order mark so that spreadsheet programs read the Chinese right.
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv")
        extension = "csv"
    else:
        book = Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(row)
        output = io.BytesIO()
        book.save(output)
        response = HttpResponse(output.getvalue(), content_type=XLSX)
        extension = "xlsx"
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{stamp}.{extension}"'
    )
    return response


def payment_list(request: HttpRequest) -> HttpResponse:
    """Approved claims in the officer's scope, one payment line each."""
    if not request.user.has_perm("subsidies.view_claim"):
        raise PermissionDenied
    full = request.user.has_perm("subsidies.view_full_id_number")
    claims = (
        Claim.objects.in_scope(request.user)
        .filter(state__in=SUBSIDISED_STATES)
        .select_related("person", "course", "institution", "policy")
        .order_by("institution__name", "person__real_name")
    )
    rows = [
        [
            _("claim"),
            _("real name"),
            _("ID number"),
            _("course"),
            _("institution"),
            _("policy"),
            _("paid to"),
            _("amount (yuan)"),
            _("certificate number"),
            _("state"),
        ]
    ]
    for claim in claims:
        person = claim.person
        rows.append(
            [
                claim.pk,
                person.real_name,
                person.id_number if full else person.id_number_masked,
                claim.course.title,
                claim.institution.name,
                claim.policy.name,
                claim.get_payee_display(),
                str(claim.amount or ""),
                claim.certificate_serial,
                claim.get_state_display(),
            ]
        )
    return _file(rows, "payment-list", request.GET.get("format", "xlsx"))


def reportable_policies(user):
    """Policies of the user's scope, and those above it that cover their region."""
    policies = Policy.objects.in_scope(user)
    scope = scope_of(user)
    if scope is not None and scope.region_id:
        # A county officer reports under the prefecture's or province's policy too.
        policies = policies | Policy.objects.covering(scope.region_id)
    return policies.distinct().select_related("region")


def eligibility_report(request: HttpRequest) -> HttpResponse:
    """Every enrolled trainee in the officer's scope, judged against one policy."""
    if not request.user.has_perm("subsidies.view_claim"):
        raise PermissionDenied
    policy = get_object_or_404(
        reportable_policies(request.user), pk=request.GET.get("policy")
    )
    courses = CoursePage.objects.in_scope(request.user).filter(
        region__code__startswith=policy.region.prefix
    )
    enrolments = Enrolment.objects.enrolled().filter(course__in=courses)
    rows = [
        [
            _("real name"),
            _("ID number"),
            _("course"),
            _("verdict"),
            _("amount (yuan)"),
            _("rules that fail"),
        ]
    ]
    for enrolment, evaluation in evaluate_region(
        enrolments, policy, related=("user__person",)
    ):
        person = getattr(enrolment.user, "person", None)
        rows.append(
            [
                person.real_name if person else enrolment.user.email,
                person.id_number_masked if person else "",
                enrolment.course.title,
                _("eligible") if evaluation.eligible else _("not eligible"),
                str(evaluation.amount or ""),
                "; ".join(r.message for r in evaluation.failures),
            ]
        )
    return _file(rows, f"eligibility-{policy.region_id}", request.GET.get("format"))
