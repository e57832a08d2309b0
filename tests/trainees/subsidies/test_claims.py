"""Claims: submission with a frozen evaluation, review steps, notice and payment."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.roles import Role
from lms.skills import CertificateKind, SkillLevel
from tests import factories
from tests.trainees.subsidies import factories as subsidy
from trainees.subsidies import services
from trainees.subsidies.models import (
    Claim,
    ClaimEvent,
    ClaimState,
    Payee,
    PolicyAmount,
    Scheme,
    Verdict,
)

pytestmark = pytest.mark.django_db
TODAY = subsidy.TODAY


@pytest.fixture
def school():
    return factories.institution("510104")


@pytest.fixture
def course(school):
    return subsidy.course(school)


@pytest.fixture
def policy():
    return subsidy.policy("510100")


@pytest.fixture
def hr():
    return factories.officer("510104", Role.HR_OFFICER)


def submit(course, policy, school):
    staff = factories.institution_staff(school)
    return services.submit_cohort_claims(
        course=course, policy=policy, submitted_by=staff, on=TODAY
    )


def one_claim(course, policy, school, **trained):
    subsidy.trained(course, **trained)
    return submit(course, policy, school).claims[0]


def test_a_cohort_submission_freezes_each_evaluation(course, policy, school):
    subsidy.trained(course)
    subsidy.trained(course, hours=5)
    result = submit(course, policy, school)
    verdicts = sorted(c.verdict for c in result.claims)
    assert verdicts == [Verdict.ELIGIBLE, Verdict.INELIGIBLE]
    claim = next(c for c in result.claims if c.verdict == Verdict.ELIGIBLE)
    assert claim.amount == Decimal("1000.00")
    assert claim.payee == Payee.INSTITUTION
    assert claim.evaluated_on == TODAY and claim.evaluation["eligible"]
    assert claim.events.get().action == ClaimEvent.Action.SUBMITTED


def test_a_trainee_without_an_identity_is_left_out_with_the_reason(
    course, policy, school
):
    from trainees.models import Enrolment, EnrolmentStatus

    Enrolment.objects.create(
        user=factories.trainee(), course=course, status=EnrolmentStatus.ENROLLED
    )
    result = submit(course, policy, school)
    assert result.claims == []
    assert "resident ID number" in result.skipped[0][1]


def test_a_course_that_has_not_ended_cannot_be_claimed(school, policy):
    course = subsidy.course(school, ends_on=dt.date(2026, 7, 1))
    subsidy.trained(course)
    with pytest.raises(ValidationError, match="once the course has ended"):
        submit(course, policy, school)
    assert not Claim.objects.exists()


def test_a_policy_of_another_region_is_refused(course, school):
    with pytest.raises(ValidationError, match="does not cover"):
        submit(course, subsidy.policy("510105"), school)


def test_submitting_twice_does_not_double_a_claim(course, policy, school):
    subsidy.trained(course)
    submit(course, policy, school)
    again = submit(course, policy, school)
    assert again.claims == [] and "already claimed" in again.skipped[0][1]
    assert Claim.objects.count() == 1


def test_a_trainee_applies_for_their_own_training(course, policy):
    enrolment = subsidy.trained(course)
    claim = services.apply_for_subsidy(
        enrolment=enrolment, policy=policy, user=enrolment.user, on=TODAY
    )
    assert claim.payee == Payee.TRAINEE and claim.verdict == Verdict.ELIGIBLE


def test_nobody_applies_for_someone_else(course, policy):
    enrolment = subsidy.trained(course)
    with pytest.raises(ValidationError, match="not your enrolment"):
        services.apply_for_subsidy(
            enrolment=enrolment, policy=policy, user=factories.trainee(), on=TODAY
        )
    assert not Claim.objects.exists()


def test_an_officer_approves_and_every_step_is_an_event(course, policy, school, hr):
    claim = one_claim(course, policy, school)
    services.start_review(claim=claim, officer=hr)
    claim = services.approve_claim(claim=claim, officer=hr)
    assert claim.state == ClaimState.APPROVED
    actions = list(claim.events.values_list("action", "state", "actor"))
    assert actions == [
        ("submitted", "submitted", claim.submitted_by_id),
        ("review_started", "under_review", hr.pk),
        ("approved", "approved", hr.pk),
    ]


def test_a_claim_is_never_approved_twice(course, policy, school, hr):
    claim = one_claim(course, policy, school)
    services.approve_claim(claim=claim, officer=hr)
    with pytest.raises(ValidationError, match="cannot take this step"):
        services.approve_claim(claim=claim, officer=hr)
    assert claim.events.filter(action="approved").count() == 1


def test_the_database_refuses_a_second_approval_event(course, policy, school, hr):
    from django.db import IntegrityError, transaction

    claim = services.approve_claim(claim=one_claim(course, policy, school), officer=hr)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimEvent.objects.create(claim=claim, action="approved", state="approved")


def test_a_claim_whose_rules_fail_cannot_be_approved(course, policy, school, hr):
    claim = one_claim(course, policy, school, hours=5)
    with pytest.raises(ValidationError, match="verified 5.0 h"):
        services.approve_claim(claim=claim, officer=hr)
    claim.refresh_from_db()
    assert claim.state == ClaimState.SUBMITTED


def test_the_yearly_cap_is_checked_again_at_approval(school, policy, hr):
    person = factories.person()
    claims = []
    for n in range(4):
        course = subsidy.course(school, occupation=f"工种{n}")
        subsidy.trained(course, person=person)
        claims += submit(course, policy, school).claims
    assert all(c.verdict == Verdict.ELIGIBLE for c in claims)
    for claim in claims[:3]:
        services.approve_claim(claim=claim, officer=hr)
    with pytest.raises(ValidationError, match="3 subsidies already in 2026"):
        services.approve_claim(claim=claims[3], officer=hr)


def test_an_officer_of_the_neighbouring_county_cannot_approve(course, policy, school):
    claim = one_claim(course, policy, school)
    neighbour = factories.officer("510105", Role.HR_OFFICER)
    with pytest.raises(ValidationError, match="outside your region"):
        services.approve_claim(claim=claim, officer=neighbour)
    claim.refresh_from_db()
    assert claim.state == ClaimState.SUBMITTED


def test_rejecting_or_returning_needs_a_reason(course, policy, school, hr):
    claim = one_claim(course, policy, school)
    with pytest.raises(ValidationError, match="Give a reason"):
        services.reject_claim(claim=claim, officer=hr, reason=" ")
    with pytest.raises(ValidationError, match="Give a reason"):
        services.return_claim(claim=claim, officer=hr, reason="")
    assert claim.events.count() == 1


def test_a_returned_claim_is_evaluated_again_when_resubmitted(
    course, policy, school, hr
):
    claim = one_claim(course, policy, school, hours=5)
    services.return_claim(claim=claim, officer=hr, reason="补充观看记录")
    claim.enrolment.verified_seconds = 12 * 3600
    claim.enrolment.save()
    claim = services.resubmit_claim(claim=claim, user=claim.submitted_by, on=TODAY)
    assert claim.state == ClaimState.SUBMITTED
    assert claim.verdict == Verdict.ELIGIBLE
    assert claim.events.last().action == "resubmitted"


def test_a_claim_resubmitted_in_january_counts_in_the_new_year(school, hr):
    policy = subsidy.policy("510100", valid_until=None, claim_window_days=None)
    person = factories.person()
    staff = factories.institution_staff(school)

    def claim_on(day, n):
        course = subsidy.course(school, occupation=f"工种{n}")
        subsidy.trained(course, person=person)
        return services.submit_cohort_claims(
            course=course, policy=policy, submitted_by=staff, on=day
        ).claims[0]

    for n in range(3):
        services.approve_claim(claim=claim_on(TODAY, n), officer=hr)
    december = claim_on(dt.date(2026, 12, 20), 3)
    assert december.verdict == Verdict.INELIGIBLE  # a fourth subsidy in 2026
    services.return_claim(claim=december, officer=hr, reason="补充材料")
    january = services.resubmit_claim(
        claim=december, user=staff, on=dt.date(2027, 1, 5)
    )
    assert january.verdict == Verdict.ELIGIBLE
    assert january.subsidy_year == 2027
    services.approve_claim(claim=january, officer=hr)
    years = Claim.objects.filter(person=person).subsidised()
    assert sorted(years.values_list("subsidy_year", flat=True)) == [
        2026,
        2026,
        2026,
        2027,
    ]


def test_a_skill_upgrading_policy_does_not_pay_for_a_training_certificate(school):
    policy = subsidy.policy("510100", scheme=Scheme.SKILL_UPGRADING)
    course = subsidy.course(school, awards=CertificateKind.TRAINING)
    claim = one_claim(course, policy, school)
    assert claim.verdict == Verdict.INELIGIBLE
    failed = {r["rule"] for r in claim.evaluation["results"] if r["outcome"] == "fail"}
    assert failed == {"certificate"}


def test_a_skill_upgrading_policy_pays_for_a_qualification_certificate(school):
    policy = subsidy.policy("510100", scheme=Scheme.SKILL_UPGRADING)
    PolicyAmount.objects.create(
        policy=policy,
        certificate_kind=CertificateKind.QUALIFICATION,
        skill_level=SkillLevel.LEVEL_5,
        amount=Decimal("1200.00"),
    )
    course = subsidy.course(school, awards=CertificateKind.QUALIFICATION)
    claim = one_claim(course, policy, school)
    assert claim.verdict == Verdict.ELIGIBLE
    assert claim.amount == Decimal("1200.00")


def test_a_rejected_claim_can_be_claimed_again(course, policy, school, hr):
    claim = one_claim(course, policy, school)
    services.reject_claim(claim=claim, officer=hr, reason="材料不全")
    assert len(submit(course, policy, school).claims) == 1


def test_bulk_approval_takes_only_claims_that_pass_every_rule(school, policy, hr):
    course = subsidy.course(school)
    subsidy.trained(course)
    subsidy.trained(course, hours=3)
    subsidy.trained(course, completed=False)  # flagged: not completed
    claims = submit(course, policy, school).claims
    approved = services.bulk_approve(claims=claims, officer=hr)
    assert len(approved) == 1
    assert approved[0].flags == [] and approved[0].verdict == Verdict.ELIGIBLE


def test_notice_then_payable_then_paid_once(course, policy, school, hr):
    claim = services.approve_claim(claim=one_claim(course, policy, school), officer=hr)
    [claim] = services.start_public_notice(claims=[claim], officer=hr, on=TODAY)
    assert claim.state == ClaimState.IN_NOTICE
    assert claim.notice_ends_on == TODAY + dt.timedelta(days=7)
    assert services.end_public_notices(today=TODAY + dt.timedelta(days=7)) == 0
    assert services.end_public_notices(today=TODAY + dt.timedelta(days=8)) == 1
    claim = services.record_payment(claim=claim, officer=hr, reference="PAY-1")
    assert claim.state == ClaimState.PAID
    with pytest.raises(ValidationError, match="cannot take this step"):
        services.record_payment(claim=claim, officer=hr, reference="PAY-2")
    assert claim.events.filter(action="paid").count() == 1


def test_the_policy_sets_the_length_of_the_public_notice(course, school, hr):
    policy = subsidy.policy("510104", public_notice_days=5)
    claim = services.approve_claim(claim=one_claim(course, policy, school), officer=hr)
    [claim] = services.start_public_notice(claims=[claim], officer=hr, on=TODAY)
    assert claim.notice_ends_on == TODAY + dt.timedelta(days=5)


def test_claim_events_are_never_edited_or_deleted(course, policy, school):
    event = one_claim(course, policy, school).events.get()
    event.reason = "改写历史"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        ClaimEvent.objects.filter(pk=event.pk).update(reason="改写历史")
    with pytest.raises(PermissionDenied):
        ClaimEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.reason == ""


def test_the_daily_task_makes_ended_notices_payable(course, policy, school, hr):
    from trainees.subsidies.tasks import end_public_notices_task

    claim = services.approve_claim(claim=one_claim(course, policy, school), officer=hr)
    services.start_public_notice(claims=[claim], officer=hr, on=dt.date(2020, 1, 1))
    assert end_public_notices_task() == 1
    claim.refresh_from_db()
    assert claim.state == ClaimState.PAYABLE
