"""``practical_by_enrolment``: the figures the completion rule reads, in a fixed
number of queries."""

from decimal import Decimal

import pytest

from tests import factories
from tests.trainees.evidence.practical import factories as make
from trainees.evidence.practical.selectors import (
    PracticalFigure,
    practical_by_enrolment,
)
from trainees.evidence.practical.services import (
    grade_submission,
    record_assessment,
    submit_practical_work,
)
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db


def passed_task(enrolment, lesson, teacher):
    work = submit_practical_work(enrolment=enrolment, lesson=lesson, text="作品")
    grade_submission(submission=work, graded_by=teacher, passed=True)


def test_figures_count_passed_tasks_and_the_assessment():
    school = factories.institution("510104")
    course = make.practical_course(school)
    first, second = make.task(course, "任务一"), make.task(course, "任务二")
    factories.lesson(course, kind="reading")
    teacher = make.instructor(school)
    enrolment = make.enrolled(course)
    passed_task(enrolment, first, teacher)
    failed = submit_practical_work(enrolment=enrolment, lesson=second, text="x")
    grade_submission(submission=failed, graded_by=teacher, passed=False)
    rubric = make.rubric(course, maxima=(40, 60), pass_mark=60)
    criteria = list(rubric.criteria.order_by("sort_order"))
    record_assessment(
        rubric=rubric,
        enrolment=enrolment,
        assessor=teacher,
        marks={criteria[0].pk: Decimal(30), criteria[1].pk: Decimal(45)},
    )
    assert practical_by_enrolment([enrolment]) == {
        enrolment.pk: PracticalFigure(
            tasks_total=2,
            tasks_passed=1,
            assessment_required=True,
            assessment_passed=True,
            assessment_score=Decimal("75.00"),
        )
    }


def test_a_course_without_tasks_or_rubric_gives_zeros():
    course = factories.course(factories.institution("510104"))
    enrolment = make.enrolled(course)
    assert practical_by_enrolment([enrolment])[enrolment.pk] == PracticalFigure()


def test_a_task_taken_offline_no_longer_counts():
    school = factories.institution("510104")
    course = make.practical_course(school)
    lesson = make.task(course)
    enrolment = make.enrolled(course)
    passed_task(enrolment, lesson, make.instructor(school))
    lesson.unpublish()
    figure = practical_by_enrolment([enrolment])[enrolment.pk]
    assert (figure.tasks_total, figure.tasks_passed) == (0, 0)


def test_nothing_asked_nothing_queried(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert practical_by_enrolment([]) == {}


def _many(count):
    school = factories.institution("510104")
    teacher = make.instructor(school)
    for n in range(count):
        course = make.practical_course(school, title=f"实训{n}")
        lesson = make.task(course)
        make.rubric(course)
        enrolment = make.enrolled(course)
        passed_task(enrolment, lesson, teacher)
    return list(Enrolment.objects.all())


@pytest.mark.parametrize("count", [1, 6])
def test_the_query_count_does_not_grow_with_the_enrolments(
    count, django_assert_num_queries
):
    enrolments = _many(count)
    with django_assert_num_queries(5):
        figures = practical_by_enrolment(enrolments)
    assert len(figures) == count
    assert all(f.tasks_passed == 1 and f.tasks_total == 1 for f in figures.values())


def test_an_unevaluated_queryset_costs_one_more_query(django_assert_num_queries):
    _many(2)
    with django_assert_num_queries(6):
        practical_by_enrolment(Enrolment.objects.all())
