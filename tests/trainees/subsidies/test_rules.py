"""The eligibility engine on plain data: every rule passes and fails, with words."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from trainees.subsidies.rules import (
    CertificateFact,
    Evidence,
    Outcome,
    PriorClaim,
    Terms,
    evaluate,
)

ON = dt.date(2026, 6, 1)
CERT = CertificateFact(
    kind="skill_level",
    skill_level=20,
    occupation="刺绣工",
    serial="JX2026AAAA",
    issued_on=dt.date(2026, 5, 1),
)
EVIDENCE = Evidence(
    enrolment_id=1,
    person_id=7,
    course_id=3,
    mode="distance",
    occupation="刺绣工",
    skill_level=20,
    training_starts_on=dt.date(2026, 3, 1),
    training_ends_on=dt.date(2026, 4, 30),
    verified_seconds=12 * 3600,
    video_seconds=12 * 3600,
    attended_seconds=0,
    scheduled_seconds=0,
    quizzes_required=1,
    quizzes_passed=1,
    certificate=CERT,
    groups_at_start=frozenset({"rural_labourer"}),
    groups_now=frozenset({"rural_labourer"}),
)
TERMS = Terms(
    scheme="training",
    valid_from=dt.date(2026, 1, 1),
    valid_until=dt.date(2026, 12, 31),
    eligible_groups=frozenset({"rural_labourer", "poverty_alleviated"}),
    training_modes=frozenset({"distance", "onsite"}),
    min_verified_hours=Decimal("12"),
    min_attendance_share=80,
    min_watch_share=90,
    assessment_required=True,
    certificate_required=True,
    claim_window_days=90,
    amounts={("skill_level", 20): Decimal("1000.00"), ("training", None): Decimal(500)},
)


def prior(n=1, *, year=2026, occupation="竹编工", level=20, serial="", **kw):
    return PriorClaim(
        claim_id=n,
        year=year,
        scheme=kw.get("scheme", "training"),
        occupation=occupation,
        skill_level=level,
        certificate_serial=serial,
        subsidised=kw.get("subsidised", True),
    )


def outcome(rule, evidence=EVIDENCE, terms=TERMS, history=(), on=ON):
    result = next(
        r
        for r in evaluate(evidence, terms, list(history), on=on).results
        if r.rule == rule
    )
    return result.outcome, result.message


def test_a_complete_record_is_eligible_and_priced():
    evaluation = evaluate(EVIDENCE, TERMS, [], on=ON)
    assert evaluation.eligible
    assert evaluation.amount == Decimal("1000.00")
    assert not evaluation.failures


def test_the_evaluation_can_be_frozen_as_json():
    data = evaluate(EVIDENCE, TERMS, [], on=ON).as_json()
    assert data["eligible"] is True and data["amount"] == "1000.00"
    assert {r["rule"] for r in data["results"]} >= {"hours", "yearly_cap"}
    assert all(r["outcome"] in {"pass", "fail", "n/a"} for r in data["results"])


def test_a_trainee_without_a_registered_identity_fails():
    assert outcome("identity", replace(EVIDENCE, person_id=None))[0] == Outcome.FAIL
    assert outcome("identity")[0] == Outcome.PASS


def test_a_claim_outside_the_policy_validity_fails():
    result, message = outcome("validity", on=dt.date(2027, 1, 5))
    assert result == Outcome.FAIL
    assert "2026-01-01 – 2026-12-31" in message
    assert outcome("validity")[0] == Outcome.PASS


def test_a_training_mode_the_policy_does_not_cover_fails():
    evidence = replace(EVIDENCE, mode="practical")
    assert outcome("mode", evidence)[0] == Outcome.FAIL
    assert outcome("mode")[0] == Outcome.PASS
    assert outcome("mode", terms=replace(TERMS, training_modes=frozenset()))[0] == (
        Outcome.NOT_APPLICABLE
    )


def test_a_group_outside_the_policy_fails():
    evidence = replace(EVIDENCE, groups_at_start=frozenset({"low_income"}))
    result, message = outcome("group", evidence)
    assert result == Outcome.FAIL
    assert "low_income" in message and "2026-03-01" in message


def test_a_status_that_starts_during_the_course_does_not_count():
    # Recorded a rural labourer only after training began: at the start, no group.
    evidence = replace(EVIDENCE, groups_at_start=frozenset())
    assert outcome("group", evidence)[0] == Outcome.FAIL


def test_a_status_that_ends_during_the_course_still_counts():
    # Held at the start of training, lost since: the group at training time counts.
    evidence = replace(EVIDENCE, groups_now=frozenset())
    assert outcome("group", evidence)[0] == Outcome.PASS


def test_with_the_training_time_rule_off_the_group_today_counts():
    terms = replace(TERMS, group_at_training_time=False)
    evidence = replace(EVIDENCE, groups_at_start=frozenset(), groups_now={"low_income"})
    assert outcome("group", evidence, terms)[0] == Outcome.FAIL
    evidence = replace(evidence, groups_now=frozenset({"rural_labourer"}))
    assert outcome("group", evidence, terms)[0] == Outcome.PASS


def test_too_few_verified_hours_fail_with_the_figures_in_words():
    evidence = replace(EVIDENCE, verified_seconds=int(11.2 * 3600))
    result, message = outcome("hours", evidence)
    assert result == Outcome.FAIL
    assert message == (
        "verified 11.2 h (watch time 11.2 h, attendance 0.0 h) of 12 h required"
    )


def test_attended_time_counts_toward_the_hours():
    evidence = replace(EVIDENCE, verified_seconds=6 * 3600, attended_seconds=6 * 3600)
    assert outcome("hours", evidence)[0] == Outcome.PASS


def test_low_attendance_fails_and_no_sessions_is_not_applicable():
    evidence = replace(EVIDENCE, attended_seconds=7 * 3600, scheduled_seconds=10 * 3600)
    result, message = outcome("attendance", evidence)
    assert result == Outcome.FAIL and "(70%)" in message
    evidence = replace(evidence, attended_seconds=8 * 3600)
    assert outcome("attendance", evidence)[0] == Outcome.PASS
    assert outcome("attendance")[0] == Outcome.NOT_APPLICABLE


def test_a_low_watch_share_fails():
    evidence = replace(EVIDENCE, verified_seconds=10 * 3600)
    result, message = outcome("watch", evidence)
    assert result == Outcome.FAIL and "(83%)" in message
    assert outcome("watch")[0] == Outcome.PASS


def test_a_failed_practical_assessment_fails():
    evidence = replace(EVIDENCE, assessment_required=True, assessment_passed=False)
    assert outcome("assessment", evidence)[0] == Outcome.FAIL
    evidence = replace(evidence, assessment_passed=True)
    assert outcome("assessment", evidence)[0] == Outcome.PASS


def test_required_quizzes_not_all_passed_fail():
    evidence = replace(EVIDENCE, quizzes_required=2, quizzes_passed=1)
    result, message = outcome("assessment", evidence)
    assert result == Outcome.FAIL and message == "1 of 2 required quizzes passed"


def test_no_certificate_fails_when_one_is_required():
    evidence = replace(EVIDENCE, certificate=None)
    assert outcome("certificate", evidence)[0] == Outcome.FAIL
    revoked = replace(EVIDENCE, certificate=replace(CERT, valid=False))
    assert outcome("certificate", revoked)[0] == Outcome.FAIL
    assert outcome("certificate")[0] == Outcome.PASS


def test_a_certificate_the_policy_does_not_price_fails():
    evidence = replace(EVIDENCE, certificate=replace(CERT, kind="special_ability"))
    assert outcome("amount", evidence)[0] == Outcome.FAIL


def test_an_amount_for_any_level_applies_to_every_level():
    evidence = replace(EVIDENCE, certificate=replace(CERT, kind="training"))
    evaluation = evaluate(evidence, TERMS, [], on=ON)
    assert evaluation.amount == Decimal(500)


def test_a_claim_after_the_window_fails():
    result, message = outcome("window", on=dt.date(2026, 7, 30))
    assert result == Outcome.FAIL and "2026-07-29" in message
    assert outcome("window", on=dt.date(2026, 7, 29))[0] == Outcome.PASS


def test_the_third_subsidy_of_a_year_passes_and_the_fourth_fails():
    two = [prior(1), prior(2, occupation="木雕工")]
    assert outcome("yearly_cap", history=two)[0] == Outcome.PASS
    three = [*two, prior(3, occupation="银饰工")]
    result, message = outcome("yearly_cap", history=three)
    assert result == Outcome.FAIL
    assert message == "3 subsidies already in 2026, at most 3 a year"


def test_subsidies_of_other_years_and_pending_claims_do_not_count():
    history = [prior(1, year=2025), prior(2, year=2025), prior(3, year=2025)]
    history += [prior(4, subsidised=False), prior(5, subsidised=False)]
    history += [prior(6, subsidised=False)]
    assert outcome("yearly_cap", history=history)[0] == Outcome.PASS


def test_the_cap_switched_off_is_not_applicable():
    terms = replace(TERMS, yearly_cap=None)
    history = [prior(n) for n in range(5)]
    assert outcome("yearly_cap", terms=terms, history=history)[0] == (
        Outcome.NOT_APPLICABLE
    )


def test_the_same_occupation_and_level_is_subsidised_once():
    history = [prior(9, year=2020, occupation="刺绣工", level=20)]
    result, message = outcome("same_level", history=history)
    assert result == Outcome.FAIL and "claim 9" in message
    other_level = [prior(9, occupation="刺绣工", level=30)]
    assert outcome("same_level", history=[prior(9)])[0] == Outcome.PASS
    assert outcome("same_level", history=other_level)[0] == Outcome.PASS


def test_no_lower_level_after_a_higher_one():
    history = [prior(4, occupation="刺绣工", level=30)]
    assert outcome("lower_level", history=history)[0] == Outcome.FAIL
    lower = [prior(4, occupation="刺绣工", level=10)]
    assert outcome("lower_level", history=lower)[0] == Outcome.PASS


def test_one_certificate_is_never_claimed_under_two_schemes():
    history = [prior(5, serial="JX2026AAAA", scheme="skill_upgrading", subsidised=0)]
    result, message = outcome("one_scheme", history=history)
    assert result == Outcome.FAIL and "skill_upgrading" in message
    assert outcome("one_scheme")[0] == Outcome.PASS


def test_a_training_without_certificate_is_never_claimed_under_two_schemes():
    evidence = replace(
        EVIDENCE, occupation="", skill_level=None, certificate=None, enrolment_id=5
    )
    terms = replace(TERMS, certificate_required=False)
    other = replace(prior(9, scheme="skill_upgrading"), enrolment_id=5)
    result, message = outcome("one_scheme", evidence, terms, history=[other])
    assert result == Outcome.FAIL
    assert "skill_upgrading" in message
    assert outcome("one_scheme", evidence, terms)[0] == Outcome.PASS


SKILL_UPGRADING = replace(
    TERMS,
    scheme="skill_upgrading",
    certificate_kinds=frozenset({"qualification", "skill_level"}),
)


def test_a_scheme_refuses_a_certificate_of_a_kind_it_does_not_pay_for():
    training = replace(EVIDENCE, certificate=replace(CERT, kind="training"))
    result, message = outcome("certificate", training, SKILL_UPGRADING)
    assert result == Outcome.FAIL
    assert "qualification, skill_level" in message
    qualified = replace(EVIDENCE, certificate=replace(CERT, kind="qualification"))
    assert outcome("certificate", qualified, SKILL_UPGRADING)[0] == Outcome.PASS


def test_a_scheme_that_pays_for_some_kinds_needs_a_certificate():
    terms = replace(SKILL_UPGRADING, certificate_required=False)
    evidence = replace(EVIDENCE, certificate=None)
    assert outcome("certificate", evidence, terms)[0] == Outcome.FAIL


def test_a_claim_more_than_twelve_months_after_the_certificate_fails():
    terms = replace(TERMS, valid_until=None, claim_window_days=None)
    assert outcome("certificate_window", terms=terms, on=dt.date(2027, 5, 1))[0] == (
        Outcome.PASS
    )
    result, message = outcome("certificate_window", terms=terms, on=dt.date(2027, 5, 2))
    assert result == Outcome.FAIL and "until 2027-05-01" in message


def test_national_rules_switched_off_are_not_applicable():
    terms = replace(
        TERMS,
        same_level_once=False,
        no_lower_level=False,
        one_scheme_per_certificate=False,
        certificate_window_months=None,
    )
    results = evaluate(EVIDENCE, terms, [], on=ON).results
    off = {"same_level", "lower_level", "one_scheme", "certificate_window"}
    assert {r.rule for r in results if r.outcome == Outcome.NOT_APPLICABLE} >= off


def test_a_single_failure_makes_the_verdict_ineligible():
    evaluation = evaluate(replace(EVIDENCE, mode="practical"), TERMS, [], on=ON)
    assert not evaluation.eligible
    assert [r.rule for r in evaluation.failures] == ["mode"]
