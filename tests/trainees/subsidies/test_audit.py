"""Every step of a claim is in Wagtail's audit log, written by its service as the
person who took it: the trainee's own claim, a cohort's, each review step."""

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.roles import Role
from tests import factories
from tests.trainees.subsidies import factories as subsidy
from trainees.subsidies import services
from trainees.subsidies.models import Claim

pytestmark = pytest.mark.django_db
COUNTY = "510104"


def entries(claim: Claim) -> list[tuple[str, int | None]]:
    return list(
        ModelLogEntry.objects.for_instance(claim)
        .order_by("timestamp", "pk")
        .values_list("action", "user_id")
    )


@pytest.fixture
def school():
    return factories.institution(COUNTY)


@pytest.fixture
def claim(school):
    course = subsidy.course(school)
    subsidy.trained(course)
    return services.submit_cohort_claims(
        course=course,
        policy=subsidy.policy(COUNTY),
        submitted_by=factories.institution_staff(school),
        on=subsidy.TODAY,
    ).claims[0]


def test_a_trainees_own_claim_is_logged_as_the_trainee(client, school):
    enrolment = subsidy.finished_lately(school)
    policy = subsidy.policy("510100", valid_until=dt.date(2099, 12, 31))
    client.force_login(enrolment.user)

    client.post(reverse("subsidies:apply", args=[enrolment.pk]), {"policy": policy.pk})

    assert entries(Claim.objects.get()) == [("subsidies.submit", enrolment.user.pk)]


def test_a_cohort_claim_is_logged_as_the_staff_member_who_submitted_it(claim):
    assert entries(claim) == [("subsidies.submit", claim.submitted_by_id)]


def test_an_approval_is_logged_once_as_the_officer(claim):
    officer = factories.officer(COUNTY, Role.HR_OFFICER)

    services.approve_claim(claim=claim, officer=officer)

    assert entries(claim)[-1] == ("subsidies.approve", officer.pk)
    assert [action for action, _ in entries(claim)].count("subsidies.approve") == 1


def test_a_rejection_is_logged_with_its_reason(claim):
    officer = factories.officer(COUNTY, Role.HR_OFFICER)

    services.reject_claim(claim=claim, officer=officer, reason="证明材料不全")

    entry = ModelLogEntry.objects.for_instance(claim).get(action="subsidies.reject")
    assert entry.user_id == officer.pk and entry.data == {"reason": "证明材料不全"}


def test_bulk_approval_logs_each_claim_it_approves(client, claim):
    officer = factories.officer(COUNTY, Role.HR_OFFICER)
    client.force_login(officer)

    client.post(reverse("subsidy-claims:bulk_approve"))

    assert entries(claim)[-1] == ("subsidies.approve", officer.pk)


def test_the_end_of_a_public_notice_is_logged_without_a_person(claim):
    officer = factories.officer(COUNTY, Role.HR_OFFICER)
    services.approve_claim(claim=claim, officer=officer)
    services.start_public_notice(claims=[claim], officer=officer, on=subsidy.TODAY)

    services.end_public_notices(today=subsidy.TODAY + dt.timedelta(days=60))

    assert entries(claim)[-2:] == [
        ("subsidies.start_notice", officer.pk),
        ("subsidies.payable", None),
    ]


def test_recording_a_status_period_is_logged_as_the_officer():
    officer = factories.officer(COUNTY, Role.HR_OFFICER)
    person = factories.person(region=COUNTY)

    period = services.record_status_period(
        person=person,
        group="rural_labourer",
        starts_on=dt.date(2025, 1, 1),
        recorded_by=officer,
    )

    entry = ModelLogEntry.objects.for_instance(period).get()
    assert (entry.action, entry.user_id) == ("wagtail.create", officer.pk)
