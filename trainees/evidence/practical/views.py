"""The trainee's side of practical work: hand in work for a task, see the grades."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from courses.access import course_access
from courses.models import LessonKind, LessonPage
from trainees.evidence.practical.forms import SubmissionForm
from trainees.evidence.practical.models import (
    AssessmentResult,
    Submission,
    SubmissionPhoto,
    SubmissionStatus,
)
from trainees.evidence.practical.services import submit_practical_work_from_uploads
from trainees.models import Enrolment

PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def _task_and_enrolment(user, lesson_id: int) -> tuple[LessonPage, Enrolment]:
    """The practical task and the user's place on its course; 404 for anyone who
    may not learn on the course (strangers learn nothing, not even that it exists)."""
    lesson = get_object_or_404(
        LessonPage.objects.live(), pk=lesson_id, kind=LessonKind.PRACTICAL
    )
    course = lesson.course
    if not course_access(user, course).can_learn:
        raise Http404
    enrolment = Enrolment.objects.enrolled().filter(user=user, course=course).first()
    if enrolment is None:  # staff may look at the course but hand in nothing
        raise Http404
    return lesson, enrolment


def _submissions(**filters):
    return (
        Submission.objects.filter(**filters)
        .select_related("video", "lesson")
        .prefetch_related("photos")
    )


@never_cache
@login_required
def task(request: HttpRequest, lesson_id: int) -> HttpResponse:
    """A practical task: its instructions, the trainee's hand-ins and grades, and
    the form to hand in (again) until one passes."""
    lesson, enrolment = _task_and_enrolment(request.user, lesson_id)
    submissions = list(_submissions(enrolment=enrolment, lesson=lesson))
    passed = any(s.status == SubmissionStatus.PASSED for s in submissions)
    form = None if passed else SubmissionForm()
    if request.method == "POST" and not passed:
        form = SubmissionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                data = form.cleaned_data
                submit_practical_work_from_uploads(
                    enrolment=enrolment,
                    lesson=lesson,
                    text=data["text"],
                    photos=data["photos"],
                    video=data["video"],
                    photo_uploads=data["photo_uploads"],
                    video_upload=(data["video_upload"] or [None])[0],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("Your work has been handed in for grading.")
                )
                return redirect("practical:task", lesson_id=lesson.pk)
    status = 400 if form is not None and form.errors else 200
    return TemplateResponse(
        request,
        "practical/task.html",
        {
            "lesson": lesson,
            "course": enrolment.course,
            "submissions": submissions,
            "passed": passed,
            "form": form,
        },
        status=status,
    )


@never_cache
@login_required
def my_results(request: HttpRequest) -> HttpResponse:
    """Every hand-in of the trainee, newest first, and their assessment results."""
    return TemplateResponse(
        request,
        "practical/my_results.html",
        {
            "submissions": _submissions(enrolment__user=request.user).select_related(
                "enrolment__course"
            ),
            "results": AssessmentResult.objects.filter(
                enrolment__user=request.user, passed__isnull=False
            ).select_related("rubric__course"),
        },
    )


@never_cache
@login_required
def photo(request: HttpRequest, photo_id: int) -> FileResponse:
    """A photo of handed-in work, for its trainee and for staff in scope only;
    streamed from storage (local or S3), never from a public URL."""
    row = get_object_or_404(
        SubmissionPhoto.objects.select_related("submission__enrolment"), pk=photo_id
    )
    own = row.submission.enrolment.user_id == request.user.pk
    if not own and not (
        Submission.objects.in_scope(request.user).filter(pk=row.submission_id).exists()
    ):
        raise Http404
    response = FileResponse(
        default_storage.open(row.image.name),
        content_type=PHOTO_TYPES.get(row.image.name.rsplit(".", 1)[-1], ""),
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
