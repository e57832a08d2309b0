"""Demo subsidies for ``make run``: a Sichuan training-subsidy policy with amounts by
certificate and level, the province's national rules, the demo trainee's status as
a rural labourer, and the institution's claim for the finished class (certificates
demo), waiting in the HR officer's queue; the worker writes its evidence archive.
Idempotent: natural keys first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage
from lms.models import Person, StatusGroup, StatusPeriod, User
from lms.skills import CertificateKind, SkillLevel
from trainees.models import Enrolment
from trainees.subsidies.models import (
    Claim,
    ClaimArchive,
    Policy,
    PolicyAmount,
    RegionRules,
)
from trainees.subsidies.services import record_status_period, submit_cohort_claims
from trainees.subsidies.services.claims import queue_archive

PROVINCE = "510000"
TRAINEE_EMAIL = "trainee@jiangxin.local"
STAFF_EMAIL = "school@jiangxin.local"
HR_EMAIL = "province@jiangxin.local"
FINISHED_TITLE = "蜀绣结业班（已结业）"  # made by trainees.certificates.demo
AMOUNTS = [
    (CertificateKind.TRAINING, None, "500.00"),
    (CertificateKind.SPECIAL_ABILITY, None, "1000.00"),
    (CertificateKind.SKILL_LEVEL, SkillLevel.LEVEL_5, "1000.00"),
    (CertificateKind.SKILL_LEVEL, SkillLevel.LEVEL_4, "1500.00"),
    (CertificateKind.SKILL_LEVEL, SkillLevel.LEVEL_3, "2000.00"),
]


def _policy(year: int) -> tuple[Policy, int]:
    name = f"四川省职业技能培训补贴（{year}年）"
    policy = Policy.objects.filter(region_id=PROVINCE, name=name).first()
    if policy is not None:
        return policy, 0
    policy = Policy.objects.create(
        region_id=PROVINCE,
        name=name,
        valid_from=dt.date(year, 1, 1),
        valid_until=dt.date(year, 12, 31),
        eligible_groups=list(StatusGroup.values),
        min_verified_hours=None,
        assessment_required=False,
        certificate_required=True,
        claim_window_days=365,
    )
    for kind, level, amount in AMOUNTS:
        PolicyAmount.objects.create(
            policy=policy,
            certificate_kind=kind,
            skill_level=level,
            amount=Decimal(amount),
        )
    return policy, 1 + len(AMOUNTS)


@transaction.atomic
def load_demo() -> int:
    """Create the demo policy, rules, status period and claim; return how many
    objects were created (0 on a second run)."""
    created = 0
    policy, new = _policy(timezone.localdate().year)
    created += new
    _rules, new = RegionRules.objects.get_or_create(region_id=PROVINCE)
    created += new

    trainee = User.objects.filter(email=TRAINEE_EMAIL).first()
    person = Person.objects.filter(user=trainee).first() if trainee else None
    officer = User.objects.filter(email=HR_EMAIL).first()
    if person is None:
        return created
    if not StatusPeriod.objects.filter(person=person).exists():
        record_status_period(
            person=person,
            group=StatusGroup.RURAL_LABOURER,
            starts_on=dt.date(2020, 1, 1),
            proof="锦江区某村村民委员会证明",
            recorded_by=officer,
        )
        created += 1

    course = CoursePage.objects.filter(title=FINISHED_TITLE).first()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    enrolment = Enrolment.objects.filter(user=trainee, course=course).first()
    if course and staff and enrolment:
        claim = Claim.objects.filter(enrolment=enrolment).first()
        if claim is None:
            # Submitting queues each claim's evidence archive for the worker.
            result = submit_cohort_claims(
                course=course, policy=policy, submitted_by=staff
            )
            created += len(result.claims)
        elif not ClaimArchive.objects.filter(claim=claim).exists():
            # A demo claim made before archives were: the worker writes it now.
            transaction.on_commit(lambda: queue_archive(claim.pk), robust=True)
    return created
