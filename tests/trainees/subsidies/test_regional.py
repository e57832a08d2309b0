"""The region's one-statement verdicts (PostgreSQL) equal the Python engine's, rule by
rule, on a population built to take every branch of every rule."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.models import CourseSession, TrainingMode
from inheritors.models import WorkshopEmployee
from lms.models import StatusGroup, StatusPeriod
from lms.skills import CertificateKind, SkillLevel
from tests import factories
from tests.conftest import skip_or_fail
from tests.trainees.subsidies import factories as subsidy
from trainees.certificates.models import CertificateStatus
from trainees.evidence.attendance.models import Attendance
from trainees.models import Enrolment, EnrolmentSource, EnrolmentStatus
from trainees.subsidies import regional
from trainees.subsidies.evidence import evaluate_enrolments, with_records
from trainees.subsidies.models import (
    Claim,
    ClaimState,
    Payee,
    RegionRules,
    Scheme,
    Verdict,
)
from trainees.subsidies.rulebook import RULE_BITS, RULE_CODES

pytestmark = pytest.mark.django_db
TODAY = subsidy.TODAY


def _claim(enrolment, person, *, state, year=2026, serial="", level=None, **fields):
    course = enrolment.course
    return Claim.objects.create(
        policy=fields.pop("policy"),
        enrolment=enrolment,
        person=person,
        course=course,
        institution_id=course.institution_id,
        scheme=fields.pop("scheme", Scheme.TRAINING),
        payee=Payee.TRAINEE,
        occupation=fields.pop("occupation", course.occupation),
        skill_level=level if level is not None else course.skill_level,
        certificate_serial=serial,
        amount=Decimal(1000),
        state=state,
        verdict=Verdict.ELIGIBLE,
        evaluated_on=TODAY,
        submitted_at=timezone.now(),
        subsidy_year=year,
    )


@pytest.fixture
def population():
    """About thirty trainees on six courses, each a different way to pass or fail."""
    if not regional.supported():
        skip_or_fail("the one-statement verdicts need PostgreSQL (set DATABASE_URL)")
    school = factories.institution("510104")
    other_policy = subsidy.policy("510104", name="旧政策")
    distance = subsidy.course(school, title="蜀绣（远程）")
    for n in range(2):
        factories.lesson(
            distance,
            kind="video",
            title=f"视频{n}",
            video=factories.video_asset(school, duration=1800.0),
        )
    onsite = subsidy.course(school, title="竹编（现场）", mode=TrainingMode.ONSITE)
    start = timezone.now() - dt.timedelta(days=30)
    sessions = [
        CourseSession.objects.create(
            course=onsite,
            starts_at=start + dt.timedelta(days=k),
            ends_at=start + dt.timedelta(days=k, hours=4),
            venue="工坊",
        )
        for k in range(4)
    ]
    plain = subsidy.course(
        school,
        title="无工种",
        occupation="",
        skill_level=None,
        awards=CertificateKind.TRAINING,
    )
    undated = subsidy.course(school, title="无日期", starts_on=None, ends_on=None)
    higher = subsidy.course(school, title="高级", skill_level=SkillLevel.LEVEL_3)
    old = subsidy.course(
        school,
        title="去年",
        starts_on=dt.date(2024, 9, 1),
        ends_on=dt.date(2024, 12, 31),
    )

    def attend(enrolment, count):
        for session in sessions[:count]:
            Attendance.objects.create(
                session=session,
                enrolment=enrolment,
                user=enrolment.user,
                checked_in_at=session.starts_at,
                checked_out_at=session.ends_at,
                method="qr",
                credited_seconds=4 * 3600,
            )

    subsidy.trained(distance)  # passes everything
    subsidy.trained(distance, hours=11.99)
    subsidy.trained(distance, hours=0.9)
    subsidy.trained(distance, group=None)
    subsidy.trained(distance, group=StatusGroup.LOW_INCOME)
    subsidy.trained(distance, certified=False)
    subsidy.trained(distance, completed=False)
    subsidy.trained(onsite, hours=0)
    attend(subsidy.trained(onsite, hours=0), 4)
    attend(subsidy.trained(onsite, hours=0), 3)
    attend(subsidy.trained(onsite, hours=10), 1)
    subsidy.trained(plain)
    subsidy.trained(undated)
    subsidy.trained(old)
    subsidy.trained(higher)
    # No person on record: identity fails.
    Enrolment.objects.create(
        user=factories.trainee(),
        course=distance,
        status=EnrolmentStatus.ENROLLED,
        source=EnrolmentSource.SELF,
        verified_seconds=20 * 3600,
    )
    # Status periods that start after, or end before, the training starts.
    late = subsidy.trained(distance, group=None)
    StatusPeriod.objects.create(
        person=late.user.person,
        group=StatusGroup.RURAL_LABOURER,
        starts_on=subsidy.STARTS + dt.timedelta(days=1),
    )
    ended = subsidy.trained(distance, group=None)
    StatusPeriod.objects.create(
        person=ended.user.person,
        group=StatusGroup.RURAL_LABOURER,
        starts_on=dt.date(2024, 1, 1),
        ends_on=subsidy.STARTS - dt.timedelta(days=1),
    )
    employed = subsidy.trained(distance, group=None)
    WorkshopEmployee.objects.create(
        workshop=factories.workshop(identified_on=dt.date(2024, 5, 1)),
        person=employed.user.person,
        started_on=dt.date(2025, 1, 1),
    )
    # Certificates: revoked, of a kind and level the policy does not price, old.
    revoked = subsidy.trained(distance)
    revoked.certificate.status = CertificateStatus.REVOKED
    revoked.certificate.revoked_at = timezone.now()
    revoked.certificate.revocation_reason = "证书信息有误"
    revoked.certificate.save()
    training_kind = subsidy.trained(distance, certified=False)
    subsidy.certificate(
        training_kind, training_kind.user.person, kind=CertificateKind.TRAINING
    )
    unpriced = subsidy.trained(distance, certified=False)
    subsidy.certificate(unpriced, unpriced.user.person, skill_level=SkillLevel.LEVEL_4)
    stale = subsidy.trained(distance, certified=False)
    subsidy.certificate(stale, stale.user.person, issued_on=dt.date(2025, 1, 31))
    # A 职业资格证书, which the skill-upgrading scheme pays for, as it does for a
    # 职业技能等级证书 but not for a 培训合格证书.
    qualified = subsidy.trained(distance, certified=False)
    subsidy.certificate(
        qualified, qualified.user.person, kind=CertificateKind.QUALIFICATION
    )
    # A training with no certificate and no occupation, claimed under one scheme:
    # the other scheme may not pay for it too.
    for scheme in Scheme:
        uncertified = subsidy.trained(plain, certified=False)
        _claim(
            uncertified,
            uncertified.user.person,
            state=ClaimState.SUBMITTED,
            policy=other_policy,
            scheme=scheme,
        )

    # Histories: the same occupation and level subsidised, a higher level, a
    # certificate claimed under the other scheme, three subsidies this year, a
    # rejected claim (ignored), and the trainee's own claim (not history).
    def with_history(*claims):
        enrolment = subsidy.trained(distance)
        person = enrolment.user.person
        for n, (state, fields) in enumerate(claims):
            course = subsidy.course(school, title=f"历史{enrolment.pk}-{n}")
            earlier = subsidy.trained(course, person=person, group=None)
            if fields.pop("own", False):
                earlier = enrolment
            if fields.pop("same_serial", False):
                fields["serial"] = enrolment.certificate.serial
            _claim(earlier, person, state=state, policy=other_policy, **fields)
        return enrolment

    with_history((ClaimState.APPROVED, {}))
    with_history((ClaimState.PAID, {"level": SkillLevel.LEVEL_3}))
    with_history(
        (ClaimState.PAID, {"level": SkillLevel.LEVEL_3, "occupation": "竹编工"})
    )
    with_history(
        (ClaimState.SUBMITTED, {"same_serial": True, "scheme": Scheme.SKILL_UPGRADING})
    )
    with_history(*[(ClaimState.PAID, {"occupation": f"工种{n}"}) for n in range(3)])
    for year in (2025, 2027):
        with_history(
            *[
                (ClaimState.PAID, {"occupation": f"工种{n}", "year": year})
                for n in range(3)
            ]
        )
    with_history(
        (ClaimState.REJECTED, {}), (ClaimState.REJECTED, {"same_serial": True})
    )
    with_history((ClaimState.SUBMITTED, {"own": True, "same_serial": True}))
    return school


def _python_bits(policy, on=TODAY):
    enrolments = with_records(Enrolment.objects.enrolled())
    evaluations = evaluate_enrolments(enrolments, policy, on=on)
    result = {}
    for enrolment_id, evaluation in evaluations.items():
        names = [r.rule for r in evaluation.results]
        assert names == RULE_CODES
        result[enrolment_id] = (regional.failed_bits(evaluation), evaluation.amount)
    return result


def _sql_bits(policy, on=TODAY):
    return {
        v.enrolment_id: (v.failed_bits, v.amount)
        for v in regional.judge_region(Enrolment.objects.enrolled(), policy, on=on)
    }


POLICIES = [
    {},
    {"training_modes": [TrainingMode.ONSITE], "valid_until": dt.date(2026, 5, 1)},
    {"min_attendance_share": 75, "min_watch_share": 90, "min_verified_hours": None},
    {"assessment_required": True, "certificate_required": False},
    {"claim_window_days": None, "eligible_groups": []},
    {"eligible_groups": [StatusGroup.WORKSHOP_EMPLOYEE, StatusGroup.RURAL_LABOURER]},
    {"scheme": Scheme.SKILL_UPGRADING},
    {"scheme": Scheme.SKILL_UPGRADING, "certificate_required": False},
]
RULES = [
    {},
    {
        "yearly_cap": False,
        "same_level_once": False,
        "no_lower_level": False,
        "one_scheme_per_certificate": False,
        "certificate_window": False,
        "group_at_training_time": False,
    },
    {"yearly_cap_count": 1, "certificate_window_months": 3},
]


@pytest.mark.parametrize("rules", RULES)
@pytest.mark.parametrize("terms", POLICIES)
def test_the_region_statement_judges_like_the_python_engine(population, terms, rules):
    RegionRules.objects.create(region_id="510104", **rules)
    policy = subsidy.policy("510104", **terms)
    python, sql = _python_bits(policy), _sql_bits(policy)
    assert sql == python
    # The population fails in many different ways under every set of terms.
    assert len({bits for bits, _amount in python.values()}) > 3


@pytest.mark.parametrize("on", [dt.date(2026, 12, 31), dt.date(2027, 1, 4)])
def test_both_engines_count_the_yearly_cap_in_the_year_of_the_judging_day(
    population, on
):
    policy = subsidy.policy("510104", valid_until=None, claim_window_days=None)
    python, sql = _python_bits(policy, on), _sql_bits(policy, on)
    assert sql == python
    capped = {
        pk for pk, (bits, _amount) in python.items() if bits & RULE_BITS["yearly_cap"]
    }
    # One trainee has three subsidies in 2026, another three in 2027.
    assert len(capped) == 1


def test_the_verdict_names_the_rules_that_fail():
    verdict = regional.RegionVerdict(1, 1 << 4 | 1 << 11, None)
    assert not verdict.eligible
    assert verdict.failed_rules == ["hours", "yearly_cap"]
    assert regional.RegionVerdict(2, 0, Decimal(1000)).eligible


def test_a_region_is_judged_in_the_same_statements_whatever_its_size(
    population, django_assert_max_num_queries
):
    policy = subsidy.policy("510104")
    with django_assert_max_num_queries(20) as few:
        _sql_bits(policy)
    course = subsidy.course(population, title="加开")
    for _n in range(10):
        subsidy.trained(course)
    expected = Enrolment.objects.enrolled().count()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_sql_bits(policy)) == expected


def test_the_first_issue_day_still_in_the_window_counts_months_like_the_rules():
    from trainees.subsidies.rules import add_months

    for on in (dt.date(2026, 3, 31), dt.date(2026, 2, 28), dt.date(2026, 6, 1)):
        for months in (1, 3, 12):
            first = regional.first_issue_day_in_window(on, months)
            assert add_months(first, months) >= on
            assert add_months(first - dt.timedelta(days=1), months) < on


def test_counties_under_different_rules_are_each_judged_under_their_own(population):
    RegionRules.objects.create(region_id="510105", certificate_window=False)
    neighbour = factories.institution("510105")
    stale = subsidy.trained(subsidy.course(neighbour), certified=False)
    subsidy.certificate(stale, stale.user.person, issued_on=dt.date(2025, 1, 31))
    policy = subsidy.policy("510100")
    sql = _sql_bits(policy)
    assert sql == _python_bits(policy)
    assert sql[stale.pk][0] == 0  # the old certificate counts where the rule is off
