import pytest

from courses.demo import DISTANCE_TITLE
from tests import factories
from trainees.evidence.quizzes import demo
from trainees.evidence.quizzes.grading import check_choices
from trainees.evidence.quizzes.models import Quiz

pytestmark = pytest.mark.django_db


def test_the_demo_quiz_is_made_once_on_the_demo_course():
    factories.course(factories.institution(), title=DISTANCE_TITLE)
    assert demo.load_demo() > 0
    assert demo.load_demo() == 0
    quiz = Quiz.objects.get(title=demo.QUIZ_TITLE)
    assert quiz.questions.count() == len(demo.QUESTIONS)
    for question in quiz.questions.prefetch_related("choices"):
        check_choices(question.kind, [c.is_correct for c in question.choices.all()])


def test_without_the_demo_course_nothing_is_made():
    assert demo.load_demo() == 0
