"""Demo certificates for ``make run``: the demo trainee (with a person record) has
finished a short centralized class that awards a training certificate, holds the
certificate issued for it (its PDF is rendered by the worker), and has a skill-level
certificate from an evaluation organisation recorded by the HR officer.
Idempotent: everything is found by its natural key first."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from courses.demo import DISTANCE_TITLE
from courses.models import CoursePage, TrainingMode
from lms.identity import id_check_character
from lms.models import Person, User
from lms.services import register_person
from lms.skills import CertificateKind, SkillLevel
from trainees.certificates.models import Certificate
from trainees.certificates.services import (
    issue_certificate,
    record_external_certificate,
)
from trainees.models import Enrolment
from trainees.services import add_to_cohort

TRAINEE_EMAIL = "trainee@jiangxin.local"
STAFF_EMAIL = "school@jiangxin.local"
HR_EMAIL = "province@jiangxin.local"
TRAINEE_NAME = "李秀英"
FINISHED_TITLE = "蜀绣结业班（已结业）"
EXTERNAL_SERIAL = "S000051000001252500001"


def _demo_id_number() -> str:
    first17 = "51010419900307002"  # a woman born 1990-03-07 in 锦江区
    return first17 + id_check_character(first17)


def _finished_course(school_course: CoursePage) -> tuple[CoursePage, bool]:
    course = CoursePage.objects.filter(title=FINISHED_TITLE).first()
    if course is not None:
        return course, False
    ended = timezone.localdate() - dt.timedelta(days=10)
    course = CoursePage(
        title=FINISHED_TITLE,
        summary="为期四天的蜀绣集中培训，结业合格者获得培训合格证书。",
        mode=TrainingMode.CENTRALIZED,
        craft="蜀绣",
        occupation="刺绣工",
        skill_level=SkillLevel.LEVEL_5,
        planned_hours=32,
        region_id=school_course.region_id,
        starts_on=ended - dt.timedelta(days=3),
        ends_on=ended,
        awards=CertificateKind.TRAINING,
    )
    school_course.get_parent().add_child(instance=course)
    course.save_revision().publish()
    return course, True


@transaction.atomic
def load_demo() -> int:
    """Create the demo person, finished class, certificate and external record;
    return how many objects were created (0 on a second run)."""
    trainee = User.objects.filter(email=TRAINEE_EMAIL).first()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    officer = User.objects.filter(email=HR_EMAIL).first()
    school_course = CoursePage.objects.filter(title=DISTANCE_TITLE).first()
    if None in (trainee, staff, officer, school_course):
        return 0
    created = 0
    person = Person.objects.filter(user=trainee).first()
    if person is None:
        person = register_person(
            real_name=TRAINEE_NAME, id_number=_demo_id_number(), user=trainee
        )
        created += 1

    course, new = _finished_course(school_course)
    created += new
    enrolment = Enrolment.objects.filter(user=trainee, course=course).first()
    if enrolment is None:
        enrolment = add_to_cohort(course=course, user=trainee, added_by=staff)
        created += 1
    if enrolment.completed_at is None:
        # Demo only: the completion rule (trainees.progress.completion) normally
        # sets it.
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at"])
    if not Certificate.objects.filter(enrolment=enrolment).exists():
        issue_certificate(enrolment=enrolment)
        created += 1

    if not Certificate.objects.filter(serial=EXTERNAL_SERIAL).exists():
        record_external_certificate(
            real_name=person.real_name,
            id_number=person.id_number,
            kind=CertificateKind.SKILL_LEVEL,
            serial=EXTERNAL_SERIAL,
            issuing_body="四川省蜀绣行业职业技能等级评价机构",
            issued_on=dt.date(2025, 11, 20),
            occupation="刺绣工",
            skill_level=SkillLevel.LEVEL_5,
            region=school_course.region,
            by=officer,
        )
        created += 1
    return created
