"""What the completion rule reads: quiz results per enrolment, in fixed queries."""

from decimal import Decimal

import pytest

from tests import factories
from tests.trainees.evidence.quizzes import factories as quizzes
from trainees.evidence.quizzes.selectors import QuizFigure, quizzes_by_enrolment
from trainees.evidence.quizzes.services import start_attempt, submit_attempt
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db


def take(quiz, user, *, right: bool):
    attempt = start_attempt(quiz=quiz, user=user)
    answers = quizzes.right_answers(attempt) if right else {}
    return submit_attempt(attempt=attempt, answers=answers)


def test_required_quizzes_passed_and_the_best_score():
    course = factories.course(factories.institution())
    required = quizzes.quiz(course, max_attempts=2)
    quizzes.quiz(course, title="另一个必考", max_attempts=1)
    optional = quizzes.quiz(course, title="自测", required_for_completion=False)
    quizzes.quiz(course, title="未开放", published=False)
    user, enrolment = quizzes.enrolled(course)
    take(required, user, right=False)
    take(required, user, right=True)
    take(optional, user, right=True)
    figure = quizzes_by_enrolment([enrolment])[enrolment.pk]
    assert figure == QuizFigure(
        required_total=2, required_passed=1, best_score_percent=Decimal("100.00")
    )


def test_an_enrolment_without_attempts_has_no_best_score():
    course = factories.course(factories.institution())
    quizzes.quiz(course)
    _user, enrolment = quizzes.enrolled(course)
    assert quizzes_by_enrolment([enrolment]) == {
        enrolment.pk: QuizFigure(required_total=1, required_passed=0)
    }


def test_an_open_attempt_counts_for_nothing_yet():
    course = factories.course(factories.institution())
    quiz = quizzes.quiz(course)
    user, enrolment = quizzes.enrolled(course)
    start_attempt(quiz=quiz, user=user)
    assert quizzes_by_enrolment([enrolment])[enrolment.pk].best_score_percent is None


def test_a_course_without_quizzes_requires_none():
    course = factories.course(factories.institution())
    _user, enrolment = quizzes.enrolled(course)
    assert quizzes_by_enrolment(Enrolment.objects.all()) == {enrolment.pk: QuizFigure()}


def test_no_enrolments_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert quizzes_by_enrolment([]) == {}


def enrolments_with_attempts(count: int):
    school = factories.institution()
    for n in range(count):
        course = factories.course(school, title=f"课程{n}")
        quiz = quizzes.quiz(course, questions=1)
        user, _ = quizzes.enrolled(course)
        take(quiz, user, right=n % 2 == 0)
    return Enrolment.objects.all()


@pytest.mark.parametrize("count", [1, 6])
def test_the_query_count_does_not_grow_with_the_enrolments(
    count, django_assert_num_queries
):
    enrolments = enrolments_with_attempts(count)
    with django_assert_num_queries(3):
        figures = quizzes_by_enrolment(enrolments)
    assert len(figures) == count
    assert sum(f.required_passed for f in figures.values()) == (count + 1) // 2
    listed = list(Enrolment.objects.all())
    with django_assert_num_queries(2):
        quizzes_by_enrolment(listed)
