"""Certificates' test helpers, on top of tests.factories."""

from django.utils import timezone

from lms.skills import CertificateKind, SkillLevel
from tests import factories
from trainees.models import Enrolment, EnrolmentSource, EnrolmentStatus


def awarding_course(school=None, **fields):
    """A course that awards a training certificate."""
    school = school or factories.institution("510104")
    values = {
        "title": "蜀绣基础",
        "awards": CertificateKind.TRAINING,
        "occupation": "刺绣工",
        "skill_level": SkillLevel.LEVEL_5,
        **fields,
    }
    return factories.course(school, **values)


def enrolment(course, *, name: str | None = "张三华", completed: bool = True, **kw):
    """An enrolled trainee with a Person (unless name is None), completed if asked."""
    user = factories.trainee(**kw)
    if name is not None:
        factories.person(name=name, user=user)
    return Enrolment.objects.create(
        user=user,
        course=course,
        status=EnrolmentStatus.ENROLLED,
        source=EnrolmentSource.SELF,
        decided_at=timezone.now(),
        completed_at=timezone.now() if completed else None,
    )


def certificate(course=None, **kw):
    """An issued certificate (without its PDF)."""
    from trainees.certificates.services import issue_certificate

    return issue_certificate(enrolment=enrolment(course or awarding_course(), **kw))
