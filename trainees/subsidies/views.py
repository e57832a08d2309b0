"""The trainee's side of subsidies: where each finished course stands, and applying."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms import parsing
from trainees.models import Enrolment
from trainees.subsidies import services, wording
from trainees.subsidies.evidence import evaluate_enrolments, with_records
from trainees.subsidies.models import Claim, Policy


def _open_policies(region_code: str):
    today = timezone.localdate()
    return (
        Policy.objects.covering(region_code)
        .filter(valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .prefetch_related("amounts")
    )


@login_required
def my_subsidies(request: HttpRequest) -> HttpResponse:
    """Each course the trainee holds a place on, its claims, and the policies open to
    it with what they would say today."""
    enrolments = list(
        with_records(Enrolment.objects.enrolled().filter(user=request.user))
    )
    claims = Claim.objects.filter(enrolment__in=enrolments).select_related("policy")
    regions = {e.course.region_id for e in enrolments}
    open_in = {code: list(_open_policies(code)) for code in regions}
    # One evaluation per policy, over every enrolment it covers.
    verdicts = {}
    for policy in {p for policies in open_in.values() for p in policies}:
        covered = [e for e in enrolments if policy in open_in[e.course.region_id]]
        for enrolment_id, evaluation in evaluate_enrolments(covered, policy).items():
            verdicts[enrolment_id, policy.pk] = evaluation
    lines = [
        {
            "enrolment": enrolment,
            "claims": [c for c in claims if c.enrolment_id == enrolment.pk],
            "options": [
                {
                    "policy": policy,
                    "evaluation": (evaluation := verdicts[enrolment.pk, policy.pk]),
                    "failures": wording.failures(evaluation.failures),
                }
                for policy in open_in[enrolment.course.region_id]
            ],
        }
        for enrolment in enrolments
    ]
    return TemplateResponse(request, "subsidies/mine.html", {"lines": lines})


@require_POST
@login_required
def apply(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_object_or_404(
        Enrolment.objects.filter(user=request.user), pk=enrolment_id
    )
    policy = get_object_or_404(
        _open_policies(enrolment.course.region_id),
        pk=parsing.parse_id(request.POST.get("policy"), label=_("The policy")),
    )
    try:
        services.apply_for_subsidy(
            enrolment=enrolment, policy=policy, user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your claim is submitted for review."))
    return redirect("subsidies:mine")
