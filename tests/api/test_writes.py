"""Writes another system is the source of: payments, rosters, status periods;
each is audit-logged."""

import datetime as dt

import pytest
from wagtail.models import ModelLogEntry

from lms.models import StatusPeriod
from lms.roles import Role
from tests import factories
from tests.api.conftest import bearer, token_for
from tests.api.data import county
from tests.trainees.subsidies import factories as subsidy
from trainees.models import Enrolment
from trainees.subsidies import services as subsidies
from trainees.subsidies.models import ClaimState

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return factories.officer("510104", Role.HR_OFFICER)


@pytest.fixture
def payable(hr):
    claim = county("510104").claim
    claim = subsidies.approve_claim(claim=claim, officer=hr)
    [claim] = subsidies.start_public_notice(
        claims=[claim], officer=hr, on=subsidy.TODAY
    )
    subsidies.end_public_notices(today=subsidy.TODAY + dt.timedelta(days=30))
    claim.refresh_from_db()
    assert claim.state == ClaimState.PAYABLE
    return claim


def pay(api, claim, reference):
    return api.post(
        f"/api/v1/claims/{claim.pk}/payment",
        {"reference": reference},
        content_type="application/json",
    )


def test_the_same_payment_twice_records_one_payment(hr, payable):
    api = bearer(token_for(hr))
    first, second = pay(api, payable, "PAY-77"), pay(api, payable, "PAY-77")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert first.json()["state"] == "paid"
    assert payable.events.filter(action="paid").count() == 1


def test_another_reference_for_a_paid_claim_is_a_conflict(hr, payable):
    api = bearer(token_for(hr))
    pay(api, payable, "PAY-77")
    response = pay(api, payable, "PAY-78")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_a_claim_not_yet_payable_cannot_be_paid(hr):
    claim = county("510104").claim
    response = pay(bearer(token_for(hr)), claim, "PAY-1")
    assert response.status_code == 409
    claim.refresh_from_db()
    assert claim.state == ClaimState.SUBMITTED


def test_a_neighbours_claim_cannot_be_paid(payable):
    neighbour = factories.officer("510105", Role.HR_OFFICER)
    assert pay(bearer(token_for(neighbour)), payable, "PAY-1").status_code == 404


def test_a_write_is_audit_logged_with_its_token(hr, payable):
    pay(bearer(token_for(hr)), payable, "PAY-77")
    entry = ModelLogEntry.objects.filter(action="api.write").get()
    assert entry.user_id == hr.pk
    assert entry.data["path"] == f"/api/v1/claims/{payable.pk}/payment"
    assert entry.data["status"] == 200


def test_a_missing_reference_names_the_field(hr, payable):
    response = pay(bearer(token_for(hr)), payable, "  ")
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "body.reference"


def roster(api, course, emails):
    return api.post(
        "/api/v1/rosters",
        {"course": course.pk, "rows": [{"email": e} for e in emails]},
        content_type="application/json",
    )


def test_a_roster_enrols_every_trainee():
    school = factories.institution("510104")
    course = factories.course(school)
    trainees = [factories.trainee() for _ in range(3)]
    api = bearer(token_for(factories.institution_staff(school)))
    response = roster(api, course, [t.email for t in trainees])
    assert response.status_code == 201
    assert len(response.json()["enrolments"]) == 3
    assert Enrolment.objects.filter(course=course).count() == 3


def test_a_roster_with_a_bad_row_enrols_nobody_and_names_each_bad_row():
    school = factories.institution("510104")
    course = factories.course(school)
    good = factories.trainee()
    api = bearer(token_for(factories.institution_staff(school)))
    response = roster(
        api, course, [good.email, "nobody@example.org", good.email.upper()]
    )
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert [(f["field"], f["code"]) for f in fields] == [
        ("body.rows.1.email", "unknown_account"),
        ("body.rows.2.email", "duplicate"),
    ]
    assert not Enrolment.objects.filter(course=course).exists()


def test_a_roster_for_another_institutions_course_is_not_found():
    mine, theirs = factories.institution("510104"), factories.institution("510104")
    course = factories.course(theirs)
    api = bearer(token_for(factories.institution_staff(mine)))
    assert roster(api, course, [factories.trainee().email]).status_code == 404


def test_a_status_period_is_recorded_for_a_person_in_scope():
    person = factories.person(region="510104")
    person.household_region_id = "510104"
    person.save()
    officer = factories.officer("510104", Role.CULTURE_OFFICER)
    response = bearer(token_for(officer)).post(
        "/api/v1/status-periods",
        {
            "id_number": person.id_number,
            "group": "poverty_alleviated",
            "starts_on": "2025-01-01",
            "proof": "脱贫户登记 123",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    period = StatusPeriod.objects.get(person=person)
    assert period.recorded_by == officer and period.group == "poverty_alleviated"
    assert response.json()["person"]["id_number_masked"] is True


def test_a_status_period_of_an_unknown_group_names_the_field():
    officer = factories.officer("510104", Role.CULTURE_OFFICER)
    response = bearer(token_for(officer)).post(
        "/api/v1/status-periods",
        {"id_number": "x", "group": "royalty", "starts_on": "2025-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "body.group"
