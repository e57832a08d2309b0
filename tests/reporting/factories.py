"""A county's worth of rows for every dashboard figure, made quickly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from inheritors.models import Apprenticeship, WorkshopEmployment
from inheritors.services import cancel_workshop
from lms.models import StatusGroup
from tests import factories
from tests.trainees.subsidies import factories as subsidy_factories
from trainees.subsidies.models import Claim, ClaimEvent, ClaimState, Scheme, Verdict


def county_rows(code: str, *, claims: int = 1) -> dict:
    """One of each thing the dashboard counts, in county ``code``: workshops
    identified, active and cancelled (with last year's employment), trainees from
    a priority group with certificates, ``claims`` flagged claims of which the
    first is approved and paid, an inheritor, a studio with one apprentice."""
    today = timezone.localdate()
    first = dt.date(today.year, 1, 2)
    identified = factories.workshop(code, identified_on=first)
    active = factories.workshop(code, identified_on=first, active=True)
    cancelled = factories.workshop(code, identified_on=first)
    cancel_workshop(workshop=cancelled, user=None, reason="测试")
    for shop in (identified, active):
        WorkshopEmployment.objects.create(
            workshop=shop,
            year=today.year - 1,
            employed=10,
            poverty_alleviated=3,
            monitoring_targets=2,
        )

    school = factories.institution(code)
    course = subsidy_factories.course(school)
    policy = subsidy_factories.policy(code)
    made = []
    for n in range(claims):
        enrolment = subsidy_factories.trained(
            course, group=StatusGroup.POVERTY_ALLEVIATED, completed=n == 0
        )
        made.append(
            Claim.objects.create(
                policy=policy,
                enrolment=enrolment,
                person=enrolment.user.person,
                course=course,
                institution=school,
                scheme=Scheme.TRAINING,
                payee="trainee",
                amount=Decimal("500.00"),
                verdict=Verdict.ELIGIBLE,
                evaluated_on=today,
                flags=["two_venues"] if n == 0 else [],
                submitted_at=timezone.now() - dt.timedelta(days=3 if n < 2 else 33),
            )
        )
    paid = made[0]
    for action, state in (("approved", ClaimState.APPROVED), ("paid", ClaimState.PAID)):
        ClaimEvent.objects.create(claim=paid, action=action, state=state)
    Claim.objects.filter(pk=paid.pk).update(state=ClaimState.PAID)

    factories.inheritor(code)
    studio = factories.master_studio(code)
    Apprenticeship.objects.create(
        studio=studio,
        master=studio.leader,
        apprentice=factories.person(region=code),
        started_on=today - dt.timedelta(days=30),
    )
    return {"workshops": (identified, active, cancelled), "claims": made}
