"""Rubric assessments: several assessors score each criterion; the result is their
average or the lead assessor's. Figures below are worked out by hand."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from tests.trainees.evidence.practical import factories as make
from trainees.evidence.practical.models import Assessment, AssessmentResult
from trainees.evidence.practical.services import (
    record_assessment,
    refresh_rubric_results,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    school = factories.institution("510104")
    course = make.practical_course(school)
    return {
        "school": school,
        "course": course,
        "enrolment": make.enrolled(course),
        "assessors": [make.instructor(school) for _ in range(3)],
    }


def score(rubric, enrolment, assessor, *marks):
    criteria = list(rubric.criteria.order_by("sort_order"))
    return record_assessment(
        rubric=rubric,
        enrolment=enrolment,
        assessor=assessor,
        marks={c.pk: Decimal(str(m)) for c, m in zip(criteria, marks, strict=True)},
    )


def result(rubric, enrolment):
    return AssessmentResult.objects.get(rubric=rubric, enrolment=enrolment)


def test_the_total_is_the_sum_of_the_criteria(panel):
    rubric = make.rubric(panel["course"], maxima=(40, 60))
    sheet = score(rubric, panel["enrolment"], panel["assessors"][0], 35, "42.5")
    assert sheet.total == Decimal("77.5")


def test_the_result_is_the_average_of_the_assessors_totals(panel):
    # Totals 35+40=75, 30+28=58, 20+25=45: (75 + 58 + 45) / 3 = 59.333… → 59.33,
    # under the pass mark of 60.
    rubric = make.rubric(panel["course"], maxima=(40, 60), pass_mark=60)
    a, b, c = panel["assessors"]
    score(rubric, panel["enrolment"], a, 35, 40)
    score(rubric, panel["enrolment"], b, 30, 28)
    score(rubric, panel["enrolment"], c, 20, 25)
    outcome = result(rubric, panel["enrolment"])
    assert outcome.score == Decimal("59.33")
    assert outcome.passed is False
    assert outcome.assessors == 3


def test_an_average_at_the_pass_mark_passes(panel):
    # (70 + 50) / 2 = 60, exactly the pass mark.
    rubric = make.rubric(panel["course"], maxima=(40, 60), pass_mark=60)
    a, b, _ = panel["assessors"]
    score(rubric, panel["enrolment"], a, 30, 40)
    score(rubric, panel["enrolment"], b, 20, 30)
    assert result(rubric, panel["enrolment"]).score == Decimal("60.00")
    assert result(rubric, panel["enrolment"]).passed is True


def test_the_lead_assessor_decides_when_the_rubric_says_so(panel):
    # The others' 90 and 85 would average 72.67 with the lead's 43; the lead's 43
    # alone fails the pass mark of 60.
    a, b, lead = panel["assessors"]
    rubric = make.rubric(panel["course"], maxima=(40, 60), pass_mark=60, lead=lead)
    score(rubric, panel["enrolment"], a, 40, 50)
    score(rubric, panel["enrolment"], b, 35, 50)
    assert result(rubric, panel["enrolment"]).passed is None  # lead not yet scored
    score(rubric, panel["enrolment"], lead, 18, 25)
    outcome = result(rubric, panel["enrolment"])
    assert outcome.score == Decimal("43.00")
    assert outcome.passed is False


def test_scoring_again_replaces_the_assessors_sheet(panel):
    rubric = make.rubric(panel["course"], maxima=(40, 60))
    a = panel["assessors"][0]
    score(rubric, panel["enrolment"], a, 10, 10)
    score(rubric, panel["enrolment"], a, 30, 40)
    assert Assessment.objects.count() == 1
    assert result(rubric, panel["enrolment"]).score == Decimal("70.00")


def test_marks_above_a_criterions_maximum_are_refused(panel):
    rubric = make.rubric(panel["course"], maxima=(40, 60))
    with pytest.raises(ValidationError, match="takes 0 to 40"):
        score(rubric, panel["enrolment"], panel["assessors"][0], "40.5", 10)
    assert not Assessment.objects.exists()
    assert not AssessmentResult.objects.exists()


def test_negative_marks_are_refused(panel):
    rubric = make.rubric(panel["course"], maxima=(40, 60))
    with pytest.raises(ValidationError, match="takes 0 to 60"):
        score(rubric, panel["enrolment"], panel["assessors"][0], 10, -1)


def test_every_criterion_needs_marks(panel):
    rubric = make.rubric(panel["course"], maxima=(40, 60))
    first = rubric.criteria.order_by("sort_order").first()
    with pytest.raises(ValidationError, match="Give marks for"):
        record_assessment(
            rubric=rubric,
            enrolment=panel["enrolment"],
            assessor=panel["assessors"][0],
            marks={first.pk: Decimal(10)},
        )


def test_staff_of_another_institution_cannot_assess(panel):
    rubric = make.rubric(panel["course"], maxima=(40, 60))
    stranger = make.instructor(factories.institution("510105"))
    with pytest.raises(ValidationError, match="Only staff"):
        score(rubric, panel["enrolment"], stranger, 10, 10)


def test_a_trainee_of_another_course_cannot_be_assessed_on_the_rubric(panel):
    rubric = make.rubric(panel["course"], maxima=(40, 60))
    other = make.enrolled(make.practical_course(panel["school"], title="竹编实训"))
    with pytest.raises(ValidationError, match="not on the rubric's course"):
        score(rubric, other, panel["assessors"][0], 10, 10)


def test_changing_the_pass_mark_refreshes_results(panel):
    rubric = make.rubric(panel["course"], maxima=(40, 60), pass_mark=60)
    score(rubric, panel["enrolment"], panel["assessors"][0], 20, 30)
    assert result(rubric, panel["enrolment"]).passed is False
    rubric.pass_mark = Decimal(50)
    rubric.save()
    assert refresh_rubric_results(rubric=rubric) == 1
    assert result(rubric, panel["enrolment"]).passed is True
