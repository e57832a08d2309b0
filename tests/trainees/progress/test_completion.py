"""A course's completion rule per training mode, read from every kind of evidence,
and the certificate it brings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.models import TrainingMode
from lms.skills import CertificateKind
from tests import factories
from tests.trainees.evidence.attendance import factories as attendance_factories
from tests.trainees.evidence.practical import factories as practical_factories
from tests.trainees.evidence.quizzes import factories as quiz_factories
from trainees import watch
from trainees.certificates.models import Certificate
from trainees.evidence.attendance.services import mark_attendance
from trainees.evidence.practical.services import (
    grade_submission,
    record_assessment,
    submit_practical_work,
)
from trainees.evidence.quizzes.services import start_attempt, submit_attempt
from trainees.models import Enrolment
from trainees.progress import completion

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return factories.institution("510104", "蜀锦学校")


@pytest.fixture
def staff():
    return factories.UserFactory(is_superuser=True)


def enrolled(course):
    return attendance_factories.enrolled_trainee(course)


def requirements(enrolment):
    result = completion.evaluate([enrolment])[enrolment.pk]
    return result.met, {r.code: (r.met, r.evidence) for r in result.requirements}


def watch_all_of(enrolment, lesson, seconds=20.0):
    session = watch.start_playback(user=enrolment.user, lesson=lesson)
    start = timezone.now()
    for seq, at in enumerate((0.0, seconds / 2, seconds)):
        watch.record_heartbeat(
            user=enrolment.user,
            lesson_id=lesson.pk,
            beat=watch.Heartbeat(session.key, seq, at, True, 1.0),
            now=start + dt.timedelta(seconds=at),
        )


def distance_course(school, **fields):
    course = factories.course(school, mode=TrainingMode.DISTANCE, **fields)
    lesson = factories.lesson(
        course, kind="video", video=factories.video_asset(school, duration=20.0)
    )
    return course, lesson


def test_a_distance_course_completes_when_every_video_is_watched(school):
    course, lesson = distance_course(school)
    enrolment = enrolled(course)
    assert requirements(enrolment) == (
        False,
        {"watch": (False, "0 of 1 video lessons watched to 90 %")},
    )
    watch_all_of(enrolment, lesson)
    assert requirements(enrolment)[0]


def test_watching_completes_the_course_and_issues_its_certificate_once(
    school, django_capture_on_commit_callbacks
):
    course, lesson = distance_course(school, awards=CertificateKind.TRAINING)
    enrolment = enrolled(course)
    with django_capture_on_commit_callbacks(execute=True):
        watch_all_of(enrolment, lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert completion.record_completion(enrolment)  # evaluated again: still one
    certificate = Certificate.objects.get()
    assert certificate.enrolment == enrolment
    assert certificate.kind == CertificateKind.TRAINING


def test_a_trainee_without_a_real_name_completes_but_gets_no_certificate_yet(school):
    course, lesson = distance_course(school, awards=CertificateKind.TRAINING)
    enrolment = attendance_factories.enrolled_trainee(course, with_person=False)
    watch_all_of(enrolment, lesson)
    assert completion.record_completion(enrolment)
    assert Enrolment.objects.get().completed_at is not None
    assert not Certificate.objects.exists()


def test_a_required_quiz_must_be_passed_too(school):
    course, lesson = distance_course(school)
    quiz = quiz_factories.quiz(
        course, questions=2, required_for_completion=True, pass_mark=60
    )
    enrolment = enrolled(course)
    watch_all_of(enrolment, lesson)
    met, needs = requirements(enrolment)
    assert not met
    assert needs["quizzes"] == (False, "0 of 1 required quizzes passed")
    attempt = start_attempt(quiz=quiz, user=enrolment.user)
    submit_attempt(attempt=attempt, answers=quiz_factories.right_answers(attempt))
    assert requirements(enrolment)[0]


def test_an_onsite_course_needs_the_attendance_share(school, staff):
    course = attendance_factories.onsite_course(school, attendance_share=80)
    start = timezone.now() - dt.timedelta(days=1)
    session = attendance_factories.session(course, starts_at=start, hours=3)
    enrolment = enrolled(course)

    def attend(hours):
        mark_attendance(
            session=session,
            enrolment=enrolment,
            checked_in_at=start,
            checked_out_at=start + dt.timedelta(hours=hours),
            reason="没有手机",
            recorded_by=staff,
        )

    attend(2)
    assert requirements(enrolment) == (
        False,
        {"attendance": (False, "attended 2 h of 3 h (80 % needed)")},
    )
    attend(2.5)
    assert requirements(enrolment)[0]


def test_an_onsite_course_without_sessions_cannot_complete(school):
    course = attendance_factories.onsite_course(school)
    met, needs = requirements(enrolled(course))
    assert not met
    assert needs["attendance"] == (
        False,
        "attendance at the sessions, once the institution schedules them",
    )


def test_a_practical_course_needs_attendance_tasks_and_the_assessment(school, staff):
    course = factories.course(school, mode=TrainingMode.PRACTICAL, attendance_share=50)
    task = practical_factories.task(course)
    rubric = practical_factories.rubric(course, maxima=(40, 60), pass_mark=60)
    start = timezone.now() - dt.timedelta(days=1)
    session = attendance_factories.session(course, starts_at=start, hours=2)
    enrolment = enrolled(course)
    mark_attendance(
        session=session,
        enrolment=enrolment,
        checked_in_at=start,
        checked_out_at=start + dt.timedelta(hours=2),
        reason="手机没电",
        recorded_by=staff,
    )
    met, needs = requirements(enrolment)
    assert not met
    assert needs["tasks"] == (False, "0 of 1 practical tasks passed")
    assert needs["assessment"] == (False, "practical assessment: not yet scored")

    work = submit_practical_work(enrolment=enrolment, lesson=task, text="绣了一片叶子")
    grade_submission(submission=work, graded_by=staff, passed=True)
    criteria = list(rubric.criteria.order_by("sort_order"))
    record_assessment(
        rubric=rubric,
        enrolment=enrolment,
        assessor=staff,
        marks={criteria[0].pk: Decimal(30), criteria[1].pk: Decimal(45)},
    )
    met, needs = requirements(enrolment)
    assert needs["attendance"][0] and needs["tasks"][0] and needs["assessment"][0]
    assert met


def test_a_course_that_records_no_evidence_never_completes_by_itself(school):
    course = factories.course(school, mode=TrainingMode.DISTANCE)
    factories.lesson(course, kind="reading")
    assert requirements(enrolled(course)) == (False, {})


def test_the_rule_reads_a_cohort_in_a_fixed_number_of_queries(
    school, django_assert_max_num_queries
):
    course, lesson = distance_course(school)
    quiz_factories.quiz(course, questions=1, required_for_completion=True)
    few = [enrolled(course) for _ in range(2)]
    with django_assert_max_num_queries(20) as few_queries:
        completion.evaluate(few)
    many = few + [enrolled(course) for _ in range(8)]
    with django_assert_max_num_queries(20) as many_queries:
        completion.evaluate(many)
    assert len(many_queries.captured_queries) == len(few_queries.captured_queries)
