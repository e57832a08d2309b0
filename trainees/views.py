from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from courses.access import course_access
from courses.models import CoursePage, LessonPage
from lms.roles import Role
from media import playback
from trainees import services
from trainees.models import Enrolment


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The trainee's own area: their courses, and their learning record as it grows."""
    enrolments = (
        Enrolment.objects.filter(user=request.user)
        .select_related("course")
        .order_by("-requested_at")
    )
    is_workshop_leader = request.user.groups.filter(name=Role.WORKSHOP_LEADER).exists()
    return TemplateResponse(
        request,
        "trainees/dashboard.html",
        {"enrolments": enrolments, "is_workshop_leader": is_workshop_leader},
    )


def _live_course(course_id: int) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live().public(), pk=course_id)


@require_POST
@login_required
def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _live_course(course_id)
    try:
        enrolment = services.enrol_trainee(user=request.user, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(course)s: %(status)s.")
            % {"course": course.title, "status": enrolment.get_status_display()},
        )
    return redirect(course.url)


@require_POST
@login_required
def withdraw(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _live_course(course_id)
    enrolment = get_object_or_404(Enrolment, user=request.user, course=course)
    try:
        services.withdraw_enrolment(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have left %(course)s.") % {"course": course})
    return redirect(course.url)


@never_cache
@login_required
def lesson_playlist(request: HttpRequest, lesson_id: int) -> HttpResponse:
    """The HLS master playlist of a video lesson, for those who may watch it only."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    course = lesson.course
    if not course_access(request.user, course).can_learn:
        raise Http404
    if lesson.video is None or not lesson.video.is_ready:
        raise Http404
    return HttpResponse(
        playback.master_playlist(lesson.video, request=request),
        content_type="application/vnd.apple.mpegurl",
    )
