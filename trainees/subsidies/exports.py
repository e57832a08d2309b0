"""Files HR takes away: the payment list (发放名册) of approved claims, a region's
eligibility report, as XLSX or CSV, and a claim's evidence archive, all scoped to
the officer's region. Full ID numbers appear only for an officer holding the
dedicated permission."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from courses.models import CoursePage
from lms import parsing
from lms import policy as access
from lms.spreadsheets import csv_bytes, xlsx_bytes
from trainees.models import Enrolment
from trainees.subsidies import regional
from trainees.subsidies.models import SUBSIDISED_STATES, Claim, ClaimArchive, Policy

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(rows: list[list], name: str, kind: str) -> HttpResponse:
    if kind == "csv":
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
        extension = "csv"
    else:
        response = HttpResponse(xlsx_bytes(rows), content_type=XLSX)
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
    full = access.may_see_full_id_numbers(request.user)
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
                claim.amount if claim.amount is not None else "",
                claim.certificate_serial,
                claim.get_state_display(),
            ]
        )
    return _file(rows, "payment-list", request.GET.get("format", "xlsx"))


def reportable_policies(user):
    """Policies of the user's scope, and those above it that cover their region."""
    # A county officer reports under the prefecture's or province's policy too.
    return Policy.objects.relevant_to(user).select_related("region")


def eligibility_report(request: HttpRequest) -> HttpResponse:
    """Every enrolled trainee in the officer's scope, judged against one policy."""
    if not request.user.has_perm("subsidies.view_claim"):
        raise PermissionDenied
    policy = get_object_or_404(
        reportable_policies(request.user),
        pk=parsing.parse_id(request.GET.get("policy"), label=_("The policy")),
    )
    courses = CoursePage.objects.in_scope(request.user).filter(
        region__code__startswith=policy.region.prefix
    )
    enrolments = Enrolment.objects.enrolled().filter(course__in=courses)
    trainees = enrolments.order_by("pk").values_list(
        "pk",
        "user__person__real_name",
        "user__person__id_number_masked",
        "user__email",
        "course__title",
    )
    judged = {v.enrolment_id: v for v in regional.verdicts(enrolments, policy)}
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
    for pk, name, masked, email, course in trainees:
        verdict = judged[pk]
        rows.append(
            [
                name or email,
                masked or "",
                course,
                _("eligible") if verdict.eligible else _("not eligible"),
                verdict.amount if verdict.amount is not None else "",
                "; ".join(verdict.failed_labels),
            ]
        )
    return _file(rows, f"eligibility-{policy.region_id}", request.GET.get("format"))


@never_cache
def evidence_archive(request: HttpRequest, pk: int) -> FileResponse:
    """A claim's evidence archive, streamed from storage, for a reviewing officer
    of its region; another region's claim does not exist for them."""
    if not request.user.has_perm("subsidies.change_claim"):
        raise PermissionDenied
    archive = get_object_or_404(
        ClaimArchive.objects.in_scope(request.user), claim_id=pk
    )
    return FileResponse(
        archive.file.storage.open(archive.file.name, "rb"),
        as_attachment=True,
        filename=archive.filename,
        content_type="application/zip",
    )
