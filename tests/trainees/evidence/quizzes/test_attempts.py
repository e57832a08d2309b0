"""Attempts: the random draw, the attempts allowed, the server-side deadline."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests import factories
from tests.trainees.evidence.quizzes import factories as quizzes
from trainees.evidence.quizzes.models import Attempt, AttemptStatus, QuestionKind
from trainees.evidence.quizzes.services import (
    close_overdue_attempts,
    save_answers,
    start_attempt,
    submit_attempt,
)
from trainees.models import Enrolment
from trainees.signals import evidence_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return factories.course(factories.institution())


def test_each_attempt_draws_a_subset_of_the_bank_without_repeats(course):
    quiz = quizzes.quiz(course, questions=10, draw_count=4, max_attempts=20)
    user, _ = quizzes.enrolled(course)
    bank = set(quiz.questions.values_list("pk", flat=True))
    orders = set()
    for _n in range(20):
        attempt = start_attempt(quiz=quiz, user=user)
        drawn = list(attempt.items.order_by("position").values_list("question_id"))
        assert len(drawn) == 4
        assert len(set(drawn)) == 4
        assert {pk for (pk,) in drawn} <= bank
        orders.add(tuple(drawn))
        submit_attempt(attempt=attempt, answers={})
    assert len(orders) > 1  # 20 draws of 4 from 10 are not all the same


def test_without_a_draw_count_every_question_is_asked(course):
    quiz = quizzes.quiz(course, questions=5)
    user, _ = quizzes.enrolled(course)
    attempt = start_attempt(quiz=quiz, user=user)
    assert set(attempt.items.values_list("question_id", flat=True)) == set(
        quiz.questions.values_list("pk", flat=True)
    )
    assert sorted(attempt.items.values_list("position", flat=True)) == [1, 2, 3, 4, 5]


def test_choices_are_shown_in_a_shuffled_order_of_the_same_choices(course):
    quiz = quizzes.quiz(course, questions=0, max_attempts=30)
    question = quizzes.question(
        quiz, QuestionKind.MULTIPLE, [(str(n), n == 0) for n in range(6)]
    )
    user, _ = quizzes.enrolled(course)
    authored = [c.pk for c in question.choices.all()]
    orders = set()
    for _n in range(30):
        attempt = start_attempt(quiz=quiz, user=user)
        shown = attempt.items.get().choice_order
        assert sorted(shown) == sorted(authored)
        orders.add(tuple(shown))
        submit_attempt(attempt=attempt, answers={})
    assert len(orders) > 1


def test_starting_again_while_an_attempt_is_open_resumes_it(course):
    quiz = quizzes.quiz(course, max_attempts=2)
    user, _ = quizzes.enrolled(course)
    first = start_attempt(quiz=quiz, user=user)
    assert start_attempt(quiz=quiz, user=user) == first
    assert Attempt.objects.count() == 1


def test_no_attempt_beyond_the_number_allowed(course):
    quiz = quizzes.quiz(course, max_attempts=2)
    user, _ = quizzes.enrolled(course)
    for number in (1, 2):
        attempt = start_attempt(quiz=quiz, user=user)
        assert attempt.number == number
        submit_attempt(attempt=attempt, answers={})
    with pytest.raises(ValidationError, match="used all 2 attempts"):
        start_attempt(quiz=quiz, user=user)
    assert Attempt.objects.filter(quiz=quiz, user=user).count() == 2


def test_the_database_refuses_a_second_attempt_with_the_same_number(course):
    quiz = quizzes.quiz(course, max_attempts=3)
    user, enrolment = quizzes.enrolled(course)
    attempt = start_attempt(quiz=quiz, user=user)
    submit_attempt(attempt=attempt, answers={})
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            quiz=quiz,
            user=user,
            enrolment=enrolment,
            number=1,
            started_at=timezone.now(),
            question_count=3,
        )


def test_the_database_refuses_two_open_attempts_at_once(course):
    quiz = quizzes.quiz(course, max_attempts=3)
    user, enrolment = quizzes.enrolled(course)
    start_attempt(quiz=quiz, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            quiz=quiz,
            user=user,
            enrolment=enrolment,
            number=2,
            started_at=timezone.now(),
            question_count=3,
        )


def test_a_trainee_not_enrolled_cannot_start(course):
    quiz = quizzes.quiz(course)
    with pytest.raises(ValidationError, match="enrolled"):
        start_attempt(quiz=quiz, user=factories.trainee())
    assert not Attempt.objects.exists()


def test_a_withdrawn_trainee_cannot_start(course):
    quiz = quizzes.quiz(course)
    user, enrolment = quizzes.enrolled(course)
    Enrolment.objects.filter(pk=enrolment.pk).update(status="withdrawn")
    with pytest.raises(ValidationError, match="enrolled"):
        start_attempt(quiz=quiz, user=user)


def test_an_unpublished_quiz_cannot_be_started(course):
    quiz = quizzes.quiz(course, published=False)
    user, _ = quizzes.enrolled(course)
    with pytest.raises(ValidationError, match="not open"):
        start_attempt(quiz=quiz, user=user)


def timed(course):
    quiz = quizzes.quiz(course, time_limit_minutes=10, max_attempts=2)
    user, _ = quizzes.enrolled(course)
    started = timezone.now() - dt.timedelta(minutes=30)
    return start_attempt(quiz=quiz, user=user, now=started), started


def test_an_answer_within_the_grace_after_the_deadline_is_kept(course):
    attempt, started = timed(course)
    answers = quizzes.right_answers(attempt)
    late_but_graced = started + dt.timedelta(minutes=10, seconds=4)
    attempt = submit_attempt(attempt=attempt, answers=answers, now=late_but_graced)
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.score_percent == 100


def test_a_late_answer_is_refused_and_the_attempt_closed_with_what_was_saved(course):
    attempt, started = timed(course)
    right = quizzes.right_answers(attempt)
    first_id = next(iter(right))
    save_answers(
        attempt=attempt,
        answers={first_id: right[first_id]},
        now=started + dt.timedelta(minutes=5),
    )
    with pytest.raises(ValidationError, match="too late"):
        submit_attempt(
            attempt=attempt, answers=right, now=started + dt.timedelta(minutes=11)
        )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.TIMED_OUT
    assert attempt.correct_count == 1
    assert attempt.passed is False
    assert attempt.items.exclude(selected=[]).count() == 1


def test_a_late_save_is_refused_too(course):
    attempt, started = timed(course)
    with pytest.raises(ValidationError, match="too late"):
        save_answers(
            attempt=attempt,
            answers=quizzes.right_answers(attempt),
            now=started + dt.timedelta(minutes=10, seconds=6),
        )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.TIMED_OUT
    assert not attempt.items.exclude(selected=[]).exists()


def test_a_closed_attempt_takes_no_more_answers(course):
    quiz = quizzes.quiz(course, max_attempts=2)
    user, _ = quizzes.enrolled(course)
    attempt = submit_attempt(attempt=start_attempt(quiz=quiz, user=user), answers={})
    with pytest.raises(ValidationError, match="already closed"):
        submit_attempt(attempt=attempt, answers=quizzes.right_answers(attempt))
    attempt.refresh_from_db()
    assert attempt.correct_count == 0


def test_a_lapsed_open_attempt_is_closed_before_the_next_one_starts(course):
    attempt, _started = timed(course)
    second = start_attempt(quiz=attempt.quiz, user=attempt.user)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.TIMED_OUT
    assert second.number == 2


def test_a_lapsed_last_attempt_stays_closed_although_none_is_left(course):
    quiz = quizzes.quiz(course, time_limit_minutes=1, max_attempts=1)
    user, _ = quizzes.enrolled(course)
    earlier = timezone.now() - dt.timedelta(minutes=5)
    attempt = start_attempt(quiz=quiz, user=user, now=earlier)
    with pytest.raises(ValidationError, match="used all"):
        start_attempt(quiz=quiz, user=user)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.TIMED_OUT


def test_the_sweeper_closes_abandoned_attempts_only(course):
    lapsed, _started = timed(course)
    fresh_quiz = quizzes.quiz(course, time_limit_minutes=10)
    user, _ = quizzes.enrolled(course)
    fresh = start_attempt(quiz=fresh_quiz, user=user)
    assert close_overdue_attempts() == 1
    lapsed.refresh_from_db()
    fresh.refresh_from_db()
    assert lapsed.status == AttemptStatus.TIMED_OUT
    assert fresh.is_open


def test_grading_announces_that_the_evidence_changed(
    course, django_capture_on_commit_callbacks
):
    quiz = quizzes.quiz(course)
    user, enrolment = quizzes.enrolled(course)
    heard = []

    def listener(sender, enrolment, **kwargs):
        heard.append(enrolment.pk)

    evidence_changed.connect(listener)
    try:
        attempt = start_attempt(quiz=quiz, user=user)
        with django_capture_on_commit_callbacks(execute=True):
            submit_attempt(attempt=attempt, answers={})
    finally:
        evidence_changed.disconnect(listener)
    assert heard == [enrolment.pk]
