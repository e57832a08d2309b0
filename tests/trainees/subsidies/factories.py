"""Rows for subsidy tests: policies, finished trainings with certificates, claims."""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from courses.models import TrainingMode
from lms.models import StatusGroup, StatusPeriod
from lms.skills import CertificateKind, SkillLevel
from tests import factories
from trainees.certificates.models import Certificate
from trainees.models import Enrolment, EnrolmentSource, EnrolmentStatus
from trainees.subsidies.models import Policy, PolicyAmount

STARTS, ENDS, TODAY = dt.date(2026, 3, 1), dt.date(2026, 4, 30), dt.date(2026, 6, 1)
_serials = itertools.count(1)


def policy(region: str = "510104", **fields) -> Policy:
    values = {
        "name": f"{region} 职业培训补贴 2026",
        "region_id": region,
        "valid_from": dt.date(2026, 1, 1),
        "valid_until": dt.date(2026, 12, 31),
        "eligible_groups": [StatusGroup.RURAL_LABOURER, StatusGroup.POVERTY_ALLEVIATED],
        "training_modes": [],
        "min_verified_hours": Decimal(12),
        "assessment_required": False,
        "certificate_required": True,
        "claim_window_days": 90,
        **fields,
    }
    created = Policy.objects.create(**values)
    PolicyAmount.objects.create(
        policy=created,
        certificate_kind=CertificateKind.SKILL_LEVEL,
        skill_level=SkillLevel.LEVEL_5,
        amount=Decimal("1000.00"),
    )
    PolicyAmount.objects.create(
        policy=created,
        certificate_kind=CertificateKind.TRAINING,
        amount=Decimal("500.00"),
    )
    return created


def course(school, **fields):
    values = {
        "mode": TrainingMode.DISTANCE,
        "occupation": "刺绣工",
        "skill_level": SkillLevel.LEVEL_5,
        "awards": CertificateKind.SKILL_LEVEL,
        "starts_on": STARTS,
        "ends_on": ENDS,
        **fields,
    }
    return factories.course(school, **values)


def certificate(enrolment: Enrolment, person, **fields) -> Certificate:
    course = enrolment.course
    values = {
        "kind": course.awards or CertificateKind.TRAINING,
        "person": person,
        "enrolment": enrolment,
        "course": course,
        "occupation": course.occupation,
        "skill_level": course.skill_level,
        "institution_id": course.institution_id,
        "region_id": course.region_id,
        "serial": f"JXTEST{next(_serials):08d}",
        "verification_code": "ABC123",
        "issued_on": ENDS,
        **fields,
    }
    return Certificate.objects.create(**values)


def trained(
    course,
    *,
    person=None,
    group: str | None = StatusGroup.RURAL_LABOURER,
    hours: float = 12,
    completed: bool = True,
    certified: bool = True,
) -> Enrolment:
    """A trainee who finished ``course``: verified hours, completion, certificate and
    (unless ``group`` is None) a status period covering the training."""
    person = person or factories.person(region=course.region_id)
    if person.user is None:
        person.user = factories.trainee()
        person.save(update_fields=["user"])
    enrolment = Enrolment.objects.create(
        user=person.user,
        course=course,
        status=EnrolmentStatus.ENROLLED,
        source=EnrolmentSource.SELF,
        verified_seconds=int(hours * 3600),
        completed_at=timezone.now() if completed else None,
    )
    if group:
        StatusPeriod.objects.create(
            person=person, group=group, starts_on=dt.date(2025, 1, 1)
        )
    if certified:
        certificate(enrolment, person)
    return enrolment


def finished_lately(school) -> Enrolment:
    """A trainee who finished a course ten days ago, within every claim window today
    (the pages judge claims as of the real date)."""
    today = timezone.localdate()
    ended = today - dt.timedelta(days=10)
    course_ = course(school, starts_on=ended - dt.timedelta(days=30), ends_on=ended)
    return trained(course_)
