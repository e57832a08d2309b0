"""Issuing certificates: once per enrolment, with what the course says, or refused
with a clear reason."""

import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from wagtail.models import ModelLogEntry

from lms.skills import CertificateKind, SkillLevel
from tests import factories
from tests.conftest import skip_or_fail
from tests.trainees.certificates import factories as cf
from trainees.certificates.models import Certificate
from trainees.certificates.services import (
    issue_certificate,
    issue_for_cohort,
    new_serial,
)
from trainees.models import EnrolmentStatus

pytestmark = pytest.mark.django_db


def test_a_certificate_carries_what_the_course_and_person_say():
    course = cf.awarding_course(title="蜀锦织造", planned_hours=24)
    certificate = issue_certificate(enrolment=cf.enrolment(course, name="李四"))
    assert certificate.kind == CertificateKind.TRAINING
    assert certificate.person.real_name == "李四"
    assert certificate.course_title == "蜀锦织造"
    assert certificate.occupation == "刺绣工"
    assert certificate.skill_level == SkillLevel.LEVEL_5
    assert certificate.hours == 24
    assert certificate.institution_id == course.institution_id
    assert certificate.region_id == "510104"
    assert certificate.started_on <= certificate.ended_on


def test_serials_follow_the_pattern_and_are_not_sequential():
    serials = {new_serial(2026) for _ in range(200)}
    assert len(serials) == 200
    assert all(re.fullmatch(r"JX2026[0-9A-HJKMNP-TV-Z]{10}", s) for s in serials)


def test_issuing_twice_gives_the_same_certificate():
    enrolment = cf.enrolment(cf.awarding_course())
    first = issue_certificate(enrolment=enrolment)
    assert issue_certificate(enrolment=enrolment) == first
    assert Certificate.objects.count() == 1


def test_a_trainee_without_a_person_gets_a_clear_error_and_no_certificate():
    enrolment = cf.enrolment(cf.awarding_course(), name=None)
    with pytest.raises(ValidationError, match="real name and resident ID number"):
        issue_certificate(enrolment=enrolment)
    assert not Certificate.objects.exists()


def test_a_course_that_awards_nothing_issues_nothing():
    enrolment = cf.enrolment(cf.awarding_course(awards=""))
    with pytest.raises(ValidationError, match="awards no certificate"):
        issue_certificate(enrolment=enrolment)
    assert not Certificate.objects.exists()


def test_a_skill_level_course_without_a_level_is_refused():
    course = cf.awarding_course(awards=CertificateKind.SKILL_LEVEL, skill_level=None)
    with pytest.raises(ValidationError, match="names no level"):
        issue_certificate(enrolment=cf.enrolment(course))


def test_a_withdrawn_trainee_is_not_certified():
    enrolment = cf.enrolment(cf.awarding_course())
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save()
    with pytest.raises(ValidationError, match="holds a place"):
        issue_certificate(enrolment=enrolment)


def test_issuing_enqueues_the_pdf_once_committed(
    django_capture_on_commit_callbacks, pdf_tasks
):
    enrolment = cf.enrolment(cf.awarding_course())
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue_certificate(enrolment=enrolment)
        assert pdf_tasks == []
    assert pdf_tasks == [certificate.pk]


def test_the_cohort_gets_certificates_except_those_not_completed_or_refused():
    course = cf.awarding_course()
    done = cf.enrolment(course)
    cf.enrolment(course, completed=False)
    nameless = cf.enrolment(course, name=None)
    already = cf.enrolment(course)
    issue_certificate(enrolment=already)
    staff = factories.institution_staff(course.institution)

    result = issue_for_cohort(course=course, by=staff)

    assert [c.enrolment for c in result.issued] == [done]
    assert result.already == 1
    assert [e for e, _reason in result.refused] == [nameless]
    assert "real name" in result.refused[0][1]
    assert Certificate.objects.count() == 2
    assert ModelLogEntry.objects.filter(action="certificates.issue").count() == 1


def test_issuing_for_a_cohort_of_a_course_that_awards_nothing_is_refused():
    course = cf.awarding_course(awards="")
    cf.enrolment(course)
    staff = factories.institution_staff(course.institution)
    with pytest.raises(ValidationError, match="awards no certificate"):
        issue_for_cohort(course=course, by=staff)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_issues_give_one_certificate():
    if connection.vendor != "postgresql":
        skip_or_fail("a real concurrent insert needs PostgreSQL (DATABASE_URL)")
    enrolment = cf.enrolment(cf.awarding_course())
    barrier = threading.Barrier(2)
    results, errors = [], []

    def issue():
        try:
            barrier.wait(timeout=10)
            results.append(issue_certificate(enrolment=enrolment).pk)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(results) == 2 and results[0] == results[1]
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1
