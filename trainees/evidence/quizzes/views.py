"""The trainee's quiz pages: the quizzes of a course, a quiz, an attempt and its
result. Only trainees enrolled on the course reach them; to anyone else they do
not exist (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from courses.models import CoursePage
from lms import parsing
from trainees.evidence.quizzes import services
from trainees.evidence.quizzes.models import Attempt, Choice, QuestionKind, Quiz
from trainees.evidence.quizzes.services import attempts_left
from trainees.models import Enrolment


def _enrolment(user, course_id: int) -> Enrolment:
    enrolment = (
        Enrolment.objects.enrolled()
        .filter(user=user, course_id=course_id, course__live=True)
        .select_related("course")
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def _quiz(request: HttpRequest, quiz_id: int) -> Quiz:
    quiz = get_object_or_404(
        Quiz.objects.published().select_related("course", "lesson"), pk=quiz_id
    )
    _enrolment(request.user, quiz.course_id)
    return quiz


def _history(quiz: Quiz, user) -> list[Attempt]:
    return list(Attempt.objects.filter(quiz=quiz, user=user).order_by("number"))


@never_cache
@login_required
def course_quizzes(request: HttpRequest, course_id: int) -> HttpResponse:
    enrolment = _enrolment(request.user, course_id)
    course: CoursePage = enrolment.course
    quizzes = list(Quiz.objects.published().filter(course=course).order_by("title"))
    attempts = list(Attempt.objects.filter(user=request.user, quiz__in=quizzes))
    for quiz in quizzes:
        mine = [a for a in attempts if a.quiz_id == quiz.pk]
        quiz.attempts_used = len(mine)
        quiz.has_passed = any(a.passed for a in mine)
        scores = [a.score_percent for a in mine if a.score_percent is not None]
        quiz.best_score = max(scores) if scores else None
    return TemplateResponse(
        request, "quizzes/course_quizzes.html", {"course": course, "quizzes": quizzes}
    )


@never_cache
@login_required
def quiz_detail(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = _quiz(request, quiz_id)
    history = _history(quiz, request.user)
    return TemplateResponse(
        request,
        "quizzes/quiz_detail.html",
        {
            "quiz": quiz,
            "attempts": history,
            "open_attempt": next((a for a in history if a.is_open), None),
            "attempts_left": max(quiz.max_attempts - len(history), 0),
            "question_count": quiz.draw_count or quiz.questions.count(),
        },
    )


@require_POST
@login_required
def start(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = _quiz(request, quiz_id)
    try:
        attempt = services.start_attempt(quiz=quiz, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("quizzes:quiz", quiz_id=quiz.pk)
    return redirect("quizzes:attempt", attempt_id=attempt.pk)


def _posted_answers(request: HttpRequest, attempt: Attempt) -> dict[int, list[int]]:
    answers = {}
    for question_id in attempt.items.values_list("question_id", flat=True):
        values = request.POST.getlist(f"q{question_id}")
        try:
            answers[question_id] = [
                parsing.parse_id(value, label=_("An answer")) for value in values
            ]
        except parsing.BadInput:
            raise ValidationError(
                _("An answer could not be read; choose again.")
            ) from None
    return answers


def _questions(attempt: Attempt, chosen: dict[int, list[int]], reveal: bool):
    """What the page shows of each drawn question. Which choices are correct is
    included only when ``reveal`` is true."""
    items = list(attempt.items.select_related("question"))
    choices = Choice.objects.filter(question_id__in=[i.question_id for i in items])
    by_id = {choice.pk: choice for choice in choices}
    shown = []
    for item in items:
        picked = set(chosen.get(item.question_id, item.selected))
        shown.append(
            {
                "item": item,
                "question": item.question,
                "multiple": item.question.kind == QuestionKind.MULTIPLE,
                "choices": [
                    {
                        "pk": pk,
                        "text": by_id[pk].text,
                        "chosen": pk in picked,
                        "correct": reveal and by_id[pk].is_correct,
                    }
                    for pk in item.choice_order
                    if pk in by_id
                ],
            }
        )
    return shown


def _result(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    left = attempts_left(attempt.quiz, request.user)
    reveal = attempt.quiz.show_answers and left == 0
    return TemplateResponse(
        request,
        "quizzes/result.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "attempts_left": left,
            "reveal": reveal,
            "questions": _questions(attempt, {}, reveal) if reveal else [],
        },
    )


def _form(request: HttpRequest, attempt: Attempt, chosen=None) -> HttpResponse:
    return TemplateResponse(
        request,
        "quizzes/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "questions": _questions(attempt, chosen or {}, reveal=False),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def attempt_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = get_object_or_404(
        Attempt.objects.select_related("quiz__course"),
        pk=attempt_id,
        user=request.user,
    )
    _enrolment(request.user, attempt.quiz.course_id)
    if request.method == "POST":
        if not attempt.is_open:
            messages.error(request, _("This attempt is closed; nothing was changed."))
            return redirect("quizzes:attempt", attempt_id=attempt.pk)
        return _answer(request, attempt)  # the service refuses late answers
    if attempt.is_open and attempt.is_late(timezone.now()):
        attempt = services.close_attempt_if_late(attempt=attempt)
        messages.info(request, _("Time ran out; the attempt was closed."))
    if attempt.is_open:
        return _form(request, attempt)
    return _result(request, attempt)


def _answer(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    background = request.headers.get("X-Requested-With") == "fetch"
    answers = {}
    try:
        answers = _posted_answers(request, attempt)
        if request.POST.get("action") == "submit":
            services.submit_attempt(attempt=attempt, answers=answers)
            return redirect("quizzes:attempt", attempt_id=attempt.pk)
        services.save_answers(attempt=attempt, answers=answers)
    except ValidationError as error:
        message = " ".join(error.messages)
        attempt.refresh_from_db()
        if background:
            closed = not attempt.is_open
            return JsonResponse({"error": message, "closed": closed}, status=400)
        messages.error(request, message)
        if not attempt.is_open:
            return redirect("quizzes:attempt", attempt_id=attempt.pk)
        return _form(request, attempt, answers)
    if background:
        return JsonResponse({"saved": True})
    messages.success(request, _("Your answers are saved."))
    return redirect("quizzes:attempt", attempt_id=attempt.pk)
