"""The instructor grades practical work: pass/fail or a score, with a comment."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from lms.roles import Role
from tests import factories
from tests.trainees.evidence.practical import factories as make
from trainees.evidence.practical.models import SubmissionStatus
from trainees.evidence.practical.services import grade_submission, submit_practical_work
from trainees.signals import evidence_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def work():
    school = factories.institution("510104")
    course = make.practical_course(school)
    enrolment = make.enrolled(course)
    submission = submit_practical_work(
        enrolment=enrolment, lesson=make.task(course), text="作品照片见附件"
    )
    return {"school": school, "submission": submission, "enrolment": enrolment}


def test_a_pass_with_a_comment_is_recorded_and_logged(work):
    teacher = make.instructor(work["school"])
    graded = grade_submission(
        submission=work["submission"], graded_by=teacher, passed=True, comment="很好"
    )
    assert graded.status == SubmissionStatus.PASSED
    assert graded.comment == "很好"
    assert graded.graded_by == teacher and graded.graded_at
    entry = ModelLogEntry.objects.get(action="practical.grade")
    assert entry.user == teacher and entry.object_id == str(graded.pk)


def test_a_score_at_the_pass_score_passes(work):
    graded = grade_submission(
        submission=work["submission"],
        graded_by=make.instructor(work["school"]),
        score=Decimal(60),
    )
    assert graded.status == SubmissionStatus.PASSED


def test_a_score_below_the_pass_score_fails(work):
    graded = grade_submission(
        submission=work["submission"],
        graded_by=make.instructor(work["school"]),
        score=Decimal("59.5"),
    )
    assert graded.status == SubmissionStatus.FAILED


def test_a_score_over_100_is_refused_and_nothing_changes(work):
    with pytest.raises(ValidationError, match="between 0 and 100"):
        grade_submission(
            submission=work["submission"],
            graded_by=make.instructor(work["school"]),
            score=Decimal(101),
        )
    work["submission"].refresh_from_db()
    assert work["submission"].status == SubmissionStatus.SUBMITTED


def test_a_grade_needs_a_result_or_a_score(work):
    with pytest.raises(ValidationError, match="result"):
        grade_submission(
            submission=work["submission"], graded_by=make.instructor(work["school"])
        )


def test_another_institutions_instructor_cannot_grade(work):
    stranger = make.instructor(factories.institution("510104"))
    with pytest.raises(ValidationError, match="Only staff"):
        grade_submission(submission=work["submission"], graded_by=stranger, passed=True)


def test_an_officer_in_scope_still_cannot_grade(work):
    officer = factories.officer("510104", Role.HR_OFFICER)
    with pytest.raises(ValidationError, match="Only staff"):
        grade_submission(submission=work["submission"], graded_by=officer, passed=True)


def test_two_hand_ins_cannot_both_pass(work):
    teacher = make.instructor(work["school"])
    first = work["submission"]
    grade_submission(submission=first, graded_by=teacher, passed=False)
    second = submit_practical_work(
        enrolment=work["enrolment"], lesson=first.lesson, text="再交"
    )
    grade_submission(submission=second, graded_by=teacher, passed=True)
    with pytest.raises(ValidationError, match="already passed"):
        grade_submission(submission=first, graded_by=teacher, passed=True)
    first.refresh_from_db()
    assert first.status == SubmissionStatus.FAILED


def test_grading_announces_that_the_evidence_changed(
    work, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, enrolment, **kwargs):
        heard.append(enrolment.pk)

    evidence_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            grade_submission(
                submission=work["submission"],
                graded_by=make.instructor(work["school"]),
                passed=True,
            )
    finally:
        evidence_changed.disconnect(listener)
    assert heard == [work["enrolment"].pk]
