from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from courses.access import course_access
from courses.models import CoursePage, LessonPage
from lms import parsing, policy
from media import views as media_views
from trainees import attention, delivery, logins, services, watch
from trainees.models import AttentionCheck, Enrolment


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
        delivery.lesson_master_playlist(request, lesson),
        content_type="application/vnd.apple.mpegurl",
    )


@never_cache
@require_GET
def delivery_key(request: HttpRequest, binding: str, window: int) -> HttpResponse:
    """A key window of an encrypted lesson video, for its playback session's owner
    (``trainees.delivery``)."""
    try:
        key = delivery.serve_key(request, binding, window)
    except delivery.KeyRefused as refused:
        if refused.status == 404:
            raise Http404 from None
        raise PermissionDenied from None
    return media_views.key_response(key)


def _error(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@never_cache
@require_POST
def start_playback(request: HttpRequest, lesson_id: int) -> JsonResponse:
    """Open a playback session: the player's key, where to resume, progress so far."""
    if not request.user.is_authenticated:
        return _error(_("Log in to have your watch time recorded."), 401)
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    start = watch.Start()
    if request.content_type == "application/json":
        try:
            data = parsing.parse_json(request.body, max_bytes=watch.MAX_HEARTBEAT_BYTES)
            start = watch.parse_start(data)
        except ValidationError as error:
            return _error(_messages(error), 400)
    try:
        session = watch.start_playback(user=request.user, lesson=lesson, start=start)
    except PermissionDenied as error:
        return _error(str(error), 403)
    except ValidationError as error:
        return _error(_messages(error), 409)
    progress = session.progress
    now = watch.playback_progress(session)
    return JsonResponse(
        {
            "session": session.key,
            "position": progress.last_position,
            "covered_seconds": round(progress.covered_seconds, 1),
            "share": round(progress.share, 4),
            "required_share": progress.required_share / 100,
            "completed": progress.completed_at is not None,
            "course_verified_seconds": progress.enrolment.verified_seconds,
            "state": now.state,
            "check": now.check,
            "heartbeat_seconds": settings.WATCH_HEARTBEAT_SECONDS,
            "max_rate": session.max_rate,
        }
    )


# A heartbeat belongs to a login: the session cookie of the trainee who opened the
# playback session, and the CSRF token in a header (Django's middleware checks it).
@never_cache
@require_POST
def heartbeat(request: HttpRequest, lesson_id: int) -> JsonResponse:
    """Credit one heartbeat; 4xx with the reason, and nothing changed, if it is bad."""
    user_id = logins.user_id(request)
    if user_id is None:
        return _error(_("Log in to have your watch time recorded."), 401)
    try:
        data = parsing.parse_json(request.body, max_bytes=watch.MAX_HEARTBEAT_BYTES)
        beat = watch.parse_heartbeat(data)
        progress = watch.record_heartbeat(
            user_id=user_id, lesson_id=lesson_id, beat=beat
        )
    except ValidationError as error:
        return _error(_messages(error), 400)
    except PermissionDenied as error:
        return _error(str(error), 403)
    except watch.PlaybackEnded as error:
        return _error(str(error), 409, stop=True)
    return JsonResponse(
        {
            "covered_seconds": progress.covered_seconds,
            "share": progress.share,
            "completed": progress.completed,
            "course_verified_seconds": progress.course_verified_seconds,
            "state": progress.state,
            "ignored": progress.ignored,
            "check": progress.check,
        }
    )


@never_cache
@require_POST
def answer_check(request: HttpRequest, check_id: int) -> JsonResponse:
    """The trainee's tap on an attention check (with a ``capture`` photo when the
    course checks identity); answers a fresh state token for the player."""
    if not request.user.is_authenticated:
        return _error(_("Log in to have your watch time recorded."), 401)
    try:
        check = attention.answer_check(
            user=request.user,
            check_id=check_id,
            capture=request.FILES.get("capture"),
        )
    except PermissionDenied as error:
        return _error(str(error), 403)
    except ValidationError as error:
        return _error(_messages(error), 400)
    answer = {"outcome": check.outcome, "state": ""}
    session = request.user.playback_sessions.filter(ended_at__isnull=True).first()
    if session is not None:
        answer["state"] = watch.playback_progress(session).state
    return JsonResponse(answer)


@never_cache
@login_required
def check_capture(request: HttpRequest, check_id: int) -> FileResponse:
    """A face capture of an attention check, for its trainee and for those who
    review identity captures (``lms.policy``); streamed from private storage."""
    check = get_object_or_404(
        AttentionCheck.objects.select_related("enrolment"), pk=check_id
    )
    own = check.enrolment.user_id == request.user.pk
    if not check.capture or not (
        own or policy.may_review_identity(request.user, check)
    ):
        raise Http404
    name = check.capture.name
    response = FileResponse(
        default_storage.open(name),
        content_type=attention.capture_type(name),
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
