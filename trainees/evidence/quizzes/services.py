"""Writes of quizzes: starting an attempt, saving answers, submitting, grading.

Grading happens here and only here; the trainee's page never learns which choices
are correct while an attempt is open.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.models import User
from trainees.evidence.quizzes.grading import is_right, score_percent
from trainees.evidence.quizzes.models import (
    GRACE,
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Choice,
    Question,
    QuestionKind,
    Quiz,
)
from trainees.models import Enrolment
from trainees.signals import announce_evidence_changed

Answers = Mapping[int, Iterable[int]]  # question id → chosen choice ids


def attempts_left(quiz: Quiz, user: User) -> int:
    used = Attempt.objects.filter(quiz=quiz, user=user).count()
    return max(quiz.max_attempts - used, 0)


def _enrolment(quiz: Quiz, user: User) -> Enrolment:
    """The trainee's place on the quiz's course, locked: it serialises their
    attempts at every quiz of the course."""
    enrolment = (
        Enrolment.objects.enrolled()
        .select_for_update()
        .filter(user=user, course_id=quiz.course_id)
        .first()
    )
    if enrolment is None:
        raise ValidationError(
            _("Only trainees enrolled on the course can take this quiz."),
            code="not_enrolled",
        )
    return enrolment


def _draw(quiz: Quiz) -> list[Question]:
    bank = list(quiz.questions.prefetch_related("choices"))
    count = min(quiz.draw_count or len(bank), len(bank))
    return random.sample(bank, count)


def _grade(attempt: Attempt, *, status: str, now: dt.datetime) -> Attempt:
    """Mark each answer, score and close the attempt.

    Side effect: sends ``trainees.signals.evidence_changed`` on commit; the
    completion rule (``trainees.progress.completion``) then re-evaluates the
    enrolment and, the first time it is met, sets ``completed_at`` and issues the
    course's certificate."""
    items = list(attempt.items.select_related("question"))
    correct_ids: dict[int, set[int]] = {}
    for choice in Choice.objects.filter(
        question_id__in=[item.question_id for item in items], is_correct=True
    ):
        correct_ids.setdefault(choice.question_id, set()).add(choice.pk)
    for item in items:
        item.is_correct = is_right(
            correct_ids.get(item.question_id, set()), set(item.selected)
        )
    AttemptQuestion.objects.bulk_update(items, ["is_correct"])
    attempt.correct_count = sum(item.is_correct for item in items)
    attempt.score_percent = score_percent(attempt.correct_count, len(items))
    attempt.passed = attempt.score_percent >= attempt.quiz.pass_mark
    attempt.status = status
    attempt.closed_at = now
    attempt.save()
    announce_evidence_changed(attempt.enrolment)
    return attempt


def _locked(attempt: Attempt) -> Attempt:
    return (
        Attempt.objects.select_for_update()
        .select_related("quiz", "enrolment")
        .get(pk=attempt.pk)
    )


def start_attempt(*, quiz: Quiz, user: User, now: dt.datetime | None = None) -> Attempt:
    """Start the trainee's next attempt (or return the one still open): draw the
    questions in random order, shuffle their choices, set the deadline.

    A lapsed attempt is graded first; grading sends
    ``trainees.signals.evidence_changed`` on commit (see ``_grade``), which may
    complete the course and issue its certificate."""
    now = now or timezone.now()
    # A lapsed attempt is closed in its own transaction: it stays closed even when
    # no attempt is left to start.
    for attempt in Attempt.objects.in_progress().filter(quiz=quiz, user=user):
        close_attempt_if_late(attempt=attempt, now=now)
    return _start_attempt(quiz=quiz, user=user, now=now)


@transaction.atomic
def _start_attempt(*, quiz: Quiz, user: User, now: dt.datetime) -> Attempt:
    if not quiz.published:
        raise ValidationError(_("This quiz is not open yet."), code="not_published")
    enrolment = _enrolment(quiz, user)
    open_attempt = Attempt.objects.in_progress().filter(quiz=quiz, user=user).first()
    if open_attempt is not None:
        return open_attempt
    used = Attempt.objects.filter(quiz=quiz, user=user).count()
    if used >= quiz.max_attempts:
        raise ValidationError(
            _("You have used all %(count)s attempts at this quiz.")
            % {"count": quiz.max_attempts},
            code="no_attempts_left",
        )
    questions = _draw(quiz)
    if not questions:
        raise ValidationError(_("This quiz has no questions yet."), code="empty")
    limit = quiz.time_limit
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz,
                user=user,
                enrolment=enrolment,
                number=used + 1,
                started_at=now,
                deadline=now + limit if limit else None,
                question_count=len(questions),
            )
    except IntegrityError as error:  # a second start raced past the lock
        raise ValidationError(
            _("An attempt was started at the same moment; open it from the quiz."),
            code="concurrent",
        ) from error
    items = []
    for position, question in enumerate(questions, start=1):
        choice_ids = [choice.pk for choice in question.choices.all()]
        random.shuffle(choice_ids)
        items.append(
            AttemptQuestion(
                attempt=attempt,
                question=question,
                position=position,
                choice_order=choice_ids,
            )
        )
    AttemptQuestion.objects.bulk_create(items)
    return attempt


@transaction.atomic
def close_attempt_if_late(
    *, attempt: Attempt, now: dt.datetime | None = None
) -> Attempt:
    """Grade an open attempt whose time ran out on the answers saved in time.

    Grading sends ``trainees.signals.evidence_changed`` on commit (see ``_grade``),
    which may complete the course and issue its certificate."""
    now = now or timezone.now()
    attempt = _locked(attempt)
    if attempt.is_open and attempt.is_late(now):
        _grade(attempt, status=AttemptStatus.TIMED_OUT, now=now)
    return attempt


def _save_answers(attempt: Attempt, answers: Answers, now: dt.datetime) -> int:
    items = {item.question_id: item for item in attempt.items.all()}
    changed = []
    for question_id, chosen in answers.items():
        item = items.get(int(question_id))
        if item is None:
            raise ValidationError(
                _("That question is not part of this attempt."), code="unknown"
            )
        chosen_ids = sorted({int(pk) for pk in chosen})
        if not set(chosen_ids) <= set(item.choice_order):
            raise ValidationError(
                _("That choice does not belong to the question."), code="bad_choice"
            )
        kind = item.question.kind
        if kind != QuestionKind.MULTIPLE and len(chosen_ids) > 1:
            raise ValidationError(
                _("Choose only one answer to question %(n)s.") % {"n": item.position},
                code="one_answer",
            )
        item.selected = chosen_ids
        item.answered_at = now
        changed.append(item)
    AttemptQuestion.objects.bulk_update(changed, ["selected", "answered_at"])
    return len(changed)


def _close_when_late(attempt: Attempt, now: dt.datetime) -> bool:
    """Close a late attempt with what was saved in time. Returns whether it was."""
    if not attempt.is_open:
        raise ValidationError(
            _("This attempt is already closed; nothing was changed."), code="closed"
        )
    if attempt.is_late(now):
        _grade(attempt, status=AttemptStatus.TIMED_OUT, now=now)
        return True
    return False


def _late() -> ValidationError:
    return ValidationError(
        _(
            "Time ran out for this attempt: these answers arrived too late and were "
            "not saved. The attempt was closed with the answers saved in time."
        ),
        code="late",
    )


def save_answers(
    *, attempt: Attempt, answers: Answers, now: dt.datetime | None = None
) -> Attempt:
    """Keep the trainee's answers so far. Refused after the deadline: the attempt
    is then closed with what was saved in time.

    Grading sends ``trainees.signals.evidence_changed`` on commit (see ``_grade``),
    which may complete the course and issue its certificate."""
    now = now or timezone.now()
    # Not one atomic block: a late attempt must stay closed although the answers
    # are refused.
    with transaction.atomic():
        attempt = _locked(attempt)
        late = _close_when_late(attempt, now)
        if not late:
            _save_answers(attempt, answers, now)
            return attempt
    raise _late()


def submit_attempt(
    *, attempt: Attempt, answers: Answers, now: dt.datetime | None = None
) -> Attempt:
    """Save the last answers and grade the attempt. Refused after the deadline:
    the attempt is then graded on the answers saved in time.

    Grading sends ``trainees.signals.evidence_changed`` on commit (see ``_grade``),
    which may complete the course and issue its certificate."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt)
        late = _close_when_late(attempt, now)
        if not late:
            _save_answers(attempt, answers, now)
            return _grade(attempt, status=AttemptStatus.SUBMITTED, now=now)
    raise _late()


@transaction.atomic
def close_overdue_attempts(*, now: dt.datetime | None = None) -> int:
    """Grade the attempts whose time ran out without a submission (abandoned on a
    phone that lost its signal), so their results count.

    Grading sends ``trainees.signals.evidence_changed`` on commit (see ``_grade``),
    which may complete the course and issue its certificate."""
    now = now or timezone.now()
    closed = 0
    overdue = Attempt.objects.in_progress().filter(deadline__lt=now - GRACE)
    for attempt in overdue.select_for_update().select_related("quiz", "enrolment"):
        _grade(attempt, status=AttemptStatus.TIMED_OUT, now=now)
        closed += 1
    return closed
