"""The review queue of face captures (人脸核验复核) in the admin: staff of the course's
institution or an officer of its region look at each capture of an attention check
that no verifier decided, and say whether it shows the trainee."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms import policy
from trainees import attention
from trainees.models import AttentionCheck


def queue(request: HttpRequest) -> HttpResponse:
    """The captures waiting for a person's verdict, oldest first."""
    if not policy.has_staff_scope(request.user):
        raise PermissionDenied
    checks = (
        AttentionCheck.objects.in_scope(request.user)
        .awaiting_review()
        .select_related("enrolment__user", "enrolment__course", "lesson")
        .order_by("asked_at")[:100]
    )
    return TemplateResponse(
        request,
        "trainees/admin/identity_queue.html",
        {"checks": checks, "header_title": _("Identity captures to review")},
    )


@require_POST
def decide(request: HttpRequest, check_id: int) -> HttpResponse:
    """Mark one capture as showing the trainee, or not."""
    check = get_object_or_404(AttentionCheck, pk=check_id)
    if not policy.may_review_identity(request.user, check):
        raise PermissionDenied
    matching = request.POST.get("matching")
    if matching not in ("yes", "no"):
        messages.error(request, _("Say whether the photo shows the trainee."))
        return redirect("identity_review")
    try:
        attention.review_capture(
            check=check, matching=matching == "yes", by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your verdict is recorded."))
    return redirect("identity_review")
