"""Two officers approving (or paying) one claim at the same moment produce one
approval (one payment): row locks, with database constraints behind them."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from lms.roles import Role
from tests import factories
from tests.conftest import skip_or_fail
from tests.trainees.subsidies import factories as subsidy
from trainees.subsidies import services
from trainees.subsidies.models import Claim, ClaimState

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def claim():
    if connection.vendor != "postgresql":
        skip_or_fail("concurrent approval needs PostgreSQL (set DATABASE_URL)")
    school = factories.institution("510104")
    course = subsidy.course(school)
    subsidy.trained(course)
    return services.submit_cohort_claims(
        course=course,
        policy=subsidy.policy("510104"),
        submitted_by=factories.institution_staff(school),
        on=subsidy.TODAY,
    ).claims[0]


def at_once(step, officers) -> list[str]:
    """Run ``step(officer)`` in one thread per officer, released together."""
    barrier = threading.Barrier(len(officers))
    outcomes = []

    def run(officer):
        try:
            barrier.wait()
            step(officer)
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(o,)) for o in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def officers(n=4):
    return [factories.officer("510104", Role.HR_OFFICER) for _ in range(n)]


def test_simultaneous_approvals_produce_one(claim):
    outcomes = at_once(
        lambda officer: services.approve_claim(claim=claim, officer=officer),
        officers(),
    )
    assert outcomes == ["done", "refused", "refused", "refused"]
    assert claim.events.filter(action="approved").count() == 1
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.APPROVED


def test_simultaneous_payments_produce_one(claim):
    hr = factories.officer("510104", Role.HR_OFFICER)
    services.approve_claim(claim=claim, officer=hr)
    services.start_public_notice(claims=[claim], officer=hr, on=subsidy.TODAY)
    services.end_public_notices(today=subsidy.TODAY.replace(year=2027))
    outcomes = at_once(
        lambda officer: services.record_payment(
            claim=claim, officer=officer, reference=f"PAY-{officer.pk}"
        ),
        officers(),
    )
    assert outcomes == ["done", "refused", "refused", "refused"]
    assert claim.events.filter(action="paid").count() == 1
