"""Check-in pages: the instructor's screen with the rotating QR code and the roster,
marking by hand, and the trainee's phone confirming a scan."""

from __future__ import annotations

import re
import secrets
from decimal import Decimal

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from courses.models import CourseSession
from lms import parsing, policy
from trainees.evidence.attendance import services
from trainees.evidence.attendance.models import Attendance
from trainees.evidence.attendance.selectors import session_roster
from trainees.evidence.attendance.tokens import Direction, make_token, seconds_left
from trainees.models import Enrolment

DEVICE_COOKIE = "jx_device"
DEVICE_COOKIE_AGE = 2 * 365 * 24 * 3600
DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def _staff_session(request: HttpRequest, session_id: int) -> CourseSession:
    """The session, if the user may take its attendance; else 404."""
    session = get_object_or_404(
        CourseSession.objects.select_related("course"), pk=session_id
    )
    if not policy.can_take_attendance(request.user, session):
        raise Http404
    return session


@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    """The sessions of the user's institution, the most recent first."""
    if not policy.works_for_an_institution(request.user):
        raise Http404
    found = (
        policy.visible(request.user, CourseSession)
        .select_related("course")
        .order_by("-starts_at")
    )
    return TemplateResponse(
        request, "attendance/sessions.html", {"sessions": found[:100]}
    )


def _code(request: HttpRequest, session: CourseSession, direction: Direction) -> dict:
    token = make_token(session_id=session.pk, direction=direction)
    url = request.build_absolute_uri(
        reverse("attendance:scan", args=[session.pk, token])
    )
    svg = segno.make(url, error="m").svg_inline(scale=4, omitsize=True)
    return {"url": url, "svg": mark_safe(svg), "seconds_left": seconds_left()}


@never_cache
@login_required
def screen(request: HttpRequest, session_id: int, direction: str) -> HttpResponse:
    """The instructor's check-in (or check-out) screen for the room's projector."""
    session = _staff_session(request, session_id)
    direction = Direction(direction)
    return TemplateResponse(
        request,
        "attendance/screen.html",
        {
            "session": session,
            "direction": direction,
            "code": _code(request, session, direction),
            "roster": session_roster(session),
            "code_url": reverse(
                f"attendance:check-{direction.value}-code", args=[session.pk]
            ),
        },
    )


@never_cache
@login_required
def code(request: HttpRequest, session_id: int, direction: str) -> JsonResponse:
    """The current code and roster, for the screen's script to swap in."""
    session = _staff_session(request, session_id)
    current = _code(request, session, Direction(direction))
    roster = render_to_string(
        "attendance/roster.html",
        {"session": session, "roster": session_roster(session)},
        request=request,
    )
    return JsonResponse({**current, "svg": str(current["svg"]), "roster": roster})


class MarkForm(forms.Form):
    checked_in_at = forms.DateTimeField(
        label=gettext_lazy("checked in at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    checked_out_at = forms.DateTimeField(
        label=gettext_lazy("checked out at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text=gettext_lazy("Leave empty while the trainee is still present."),
    )
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        max_length=255,
        help_text=gettext_lazy("Why this trainee is marked by hand, e.g. no phone."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mark(request: HttpRequest, session_id: int, enrolment_id: int) -> HttpResponse:
    """Mark a trainee's attendance by hand, with a reason."""
    session = _staff_session(request, session_id)
    enrolment = get_object_or_404(
        Enrolment.objects.enrolled().select_related("user"),
        pk=enrolment_id,
        course_id=session.course_id,
    )
    local = "%Y-%m-%dT%H:%M"
    form = MarkForm(
        request.POST or None,
        initial={
            "checked_in_at": timezone.localtime(session.starts_at).strftime(local),
            "checked_out_at": timezone.localtime(session.ends_at).strftime(local),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_attendance(
                session=session,
                enrolment=enrolment,
                recorded_by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Attendance marked by hand."))
            return redirect("attendance:check-in", session_id=session.pk)
    status = 400 if form.errors else 200
    return TemplateResponse(
        request,
        "attendance/mark.html",
        {"session": session, "enrolment": enrolment, "form": form},
        status=status,
    )


def _coordinate(raw: str, limit: int) -> Decimal | None:
    if not raw:
        return None
    try:
        value = parsing.parse_float(
            raw, label=_("The location"), minimum=-limit, maximum=limit
        )
    except parsing.BadInput:
        raise ValidationError(_("The phone's location could not be read.")) from None
    return Decimal(f"{value:.6f}")


def _refuse(request, session, error: ValidationError) -> HttpResponse:
    return TemplateResponse(
        request,
        "attendance/scan.html",
        {"session": session, "errors": error.messages},
        status=400,
    )


def _with_device(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if not DEVICE_ID.fullmatch(request.COOKIES.get(DEVICE_COOKIE, "")):
        response.set_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(24),
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def scan(request: HttpRequest, session_id: int, token: str) -> HttpResponse:
    """What the trainee's phone opens from the code: confirm, then checked in/out."""
    session = get_object_or_404(
        CourseSession.objects.select_related("course"), pk=session_id
    )
    try:
        scanned = services.check_scan(session=session, token=token, user=request.user)
    except ValidationError as error:
        return _with_device(request, _refuse(request, session, error))
    if request.method == "GET":
        context = {"session": session, "direction": scanned.direction}
        return _with_device(
            request, TemplateResponse(request, "attendance/scan.html", context)
        )
    device_id = request.COOKIES.get(DEVICE_COOKIE, "")
    try:
        services.record_scan(
            session=session,
            token=token,
            user=request.user,
            device_id=device_id if DEVICE_ID.fullmatch(device_id) else "",
            latitude=_coordinate(request.POST.get("latitude", ""), 90),
            longitude=_coordinate(request.POST.get("longitude", ""), 180),
        )
    except ValidationError as error:
        return _with_device(request, _refuse(request, session, error))
    done = (
        _("You are checked in.")
        if scanned.direction == Direction.IN
        else _("You are checked out.")
    )
    messages.success(request, done)
    return redirect("attendance:mine", session_id=session.pk)


@login_required
def mine(request: HttpRequest, session_id: int) -> HttpResponse:
    """The trainee's own attendance at one session."""
    session = get_object_or_404(
        CourseSession.objects.select_related("course"), pk=session_id
    )
    attendance = Attendance.objects.filter(session=session, user=request.user).first()
    if attendance is None and not (
        Enrolment.objects.enrolled()
        .filter(user=request.user, course_id=session.course_id)
        .exists()
    ):
        raise Http404
    return TemplateResponse(
        request,
        "attendance/mine.html",
        {"session": session, "attendance": attendance},
    )
