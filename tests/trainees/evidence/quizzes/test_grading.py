"""Grading on the server: each question kind, the score and the pass mark."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from tests.trainees.evidence.quizzes import factories as quizzes
from trainees.evidence.quizzes.grading import check_choices, is_right, score_percent
from trainees.evidence.quizzes.models import AttemptStatus, QuestionKind
from trainees.evidence.quizzes.services import start_attempt, submit_attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_quiz():
    """One question of each kind; its pass mark is 60 %."""
    course = factories.course(factories.institution())
    quiz = quizzes.quiz(course, questions=0, pass_mark=60)
    single = quizzes.question(quiz, QuestionKind.SINGLE)
    multiple = quizzes.question(quiz, QuestionKind.MULTIPLE)
    true_false = quizzes.question(quiz, QuestionKind.TRUE_FALSE)
    user, _ = quizzes.enrolled(course)
    return quiz, user, single, multiple, true_false


def ids(question, *labels):
    return [c.pk for c in question.choices.all() if c.text in labels]


def test_a_single_choice_is_right_only_with_the_correct_choice():
    assert is_right({1}, {1})
    assert not is_right({1}, {2})
    assert not is_right({1}, set())


def test_multiple_choice_is_right_only_with_exactly_the_correct_set():
    assert is_right({1, 2}, {1, 2})
    assert not is_right({1, 2}, {1})
    assert not is_right({1, 2}, {1, 2, 3})


def test_a_question_without_a_correct_choice_is_never_right():
    assert not is_right(set(), set())


def test_scores_are_rounded_to_hundredths():
    assert score_percent(2, 3) == Decimal("66.67")
    assert score_percent(1, 3) == Decimal("33.33")
    assert score_percent(3, 3) == Decimal("100.00")
    assert score_percent(0, 0) == Decimal("0.00")


def test_two_of_three_right_scores_66_67_and_passes_a_60_mark(mixed_quiz):
    quiz, user, single, multiple, true_false = mixed_quiz
    attempt = start_attempt(quiz=quiz, user=user)
    answers = {
        single.pk: ids(single, "平针"),  # right
        multiple.pk: ids(multiple, "红"),  # only part of the set: wrong
        true_false.pk: ids(true_false, "对"),  # right
    }
    attempt = submit_attempt(attempt=attempt, answers=answers)
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.correct_count == 2
    assert attempt.score_percent == Decimal("66.67")
    assert attempt.passed is True
    right = dict(attempt.items.values_list("question_id", "is_correct"))
    assert right == {single.pk: True, multiple.pk: False, true_false.pk: True}


def test_the_whole_correct_set_makes_a_multiple_choice_right(mixed_quiz):
    quiz, user, single, multiple, true_false = mixed_quiz
    attempt = start_attempt(quiz=quiz, user=user)
    attempt = submit_attempt(
        attempt=attempt,
        answers={
            multiple.pk: ids(multiple, "红", "蓝"),
            true_false.pk: ids(true_false, "错"),
        },
    )
    right = dict(attempt.items.values_list("question_id", "is_correct"))
    assert right == {single.pk: False, multiple.pk: True, true_false.pk: False}
    assert attempt.score_percent == Decimal("33.33")
    assert attempt.passed is False


def test_choosing_every_choice_of_a_multiple_choice_is_wrong(mixed_quiz):
    quiz, user, _single, multiple, _true_false = mixed_quiz
    attempt = start_attempt(quiz=quiz, user=user)
    attempt = submit_attempt(
        attempt=attempt, answers={multiple.pk: ids(multiple, "红", "蓝", "绿")}
    )
    assert attempt.items.get(question=multiple).is_correct is False


def test_a_score_below_the_pass_mark_fails(mixed_quiz):
    quiz, user, single, multiple, true_false = mixed_quiz
    quiz.pass_mark = 70
    quiz.save()
    attempt = start_attempt(quiz=quiz, user=user)
    attempt = submit_attempt(
        attempt=attempt,
        answers={single.pk: ids(single, "平针"), true_false.pk: ids(true_false, "对")},
    )
    assert attempt.score_percent == Decimal("66.67")
    assert attempt.passed is False


def test_two_answers_to_a_single_choice_question_are_refused_and_nothing_saved(
    mixed_quiz,
):
    quiz, user, single, _multiple, true_false = mixed_quiz
    attempt = start_attempt(quiz=quiz, user=user)
    with pytest.raises(ValidationError, match="only one answer"):
        submit_attempt(
            attempt=attempt,
            answers={
                true_false.pk: ids(true_false, "对"),
                single.pk: ids(single, "平针", "打籽"),
            },
        )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS
    assert not attempt.items.exclude(selected=[]).exists()


def test_a_choice_of_another_question_is_refused(mixed_quiz):
    quiz, user, single, multiple, _true_false = mixed_quiz
    attempt = start_attempt(quiz=quiz, user=user)
    with pytest.raises(ValidationError, match="does not belong"):
        submit_attempt(attempt=attempt, answers={single.pk: ids(multiple, "红")})
    attempt.refresh_from_db()
    assert attempt.is_open


@pytest.mark.parametrize(
    ("kind", "correct", "message"),
    [
        (QuestionKind.SINGLE, [True, True, False], "exactly one"),
        (QuestionKind.SINGLE, [False, False], "exactly one"),
        (QuestionKind.MULTIPLE, [False, False, False], "at least one"),
        (QuestionKind.TRUE_FALSE, [True, False, False], "exactly two"),
        (QuestionKind.SINGLE, [True], "at least two"),
    ],
)
def test_questions_that_cannot_be_answered_are_refused(kind, correct, message):
    with pytest.raises(ValidationError, match=message):
        check_choices(kind, correct)


@pytest.mark.parametrize(
    ("kind", "correct"),
    [
        (QuestionKind.SINGLE, [True, False, False]),
        (QuestionKind.MULTIPLE, [True, True, False]),
        (QuestionKind.MULTIPLE, [True, False]),
        (QuestionKind.TRUE_FALSE, [False, True]),
    ],
)
def test_well_formed_questions_pass_the_check(kind, correct):
    check_choices(kind, correct)
