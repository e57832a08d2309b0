"""Evidence for many trainees in a fixed number of queries; status periods; flags."""

import datetime as dt

import pytest
from django.utils import timezone

from courses.models import CourseSession, TrainingMode
from lms.models import StatusGroup, StatusPeriod
from lms.models.status import groups_during
from tests import factories
from tests.trainees.subsidies import factories as subsidy
from trainees.evidence.attendance.models import Attendance
from trainees.models import Enrolment, LessonProgress, PlaybackSession
from trainees.subsidies.evidence import evaluate_enrolments, with_records
from trainees.subsidies.flags import SHARED_DEVICE_TRAINEES, Flag, flags_for
from trainees.subsidies.models import RegionRules
from trainees.subsidies.services import record_status_period

pytestmark = pytest.mark.django_db
TODAY = subsidy.TODAY


@pytest.fixture
def school():
    return factories.institution("510104")


def evaluate_all(policy):
    enrolments = with_records(Enrolment.objects.all())
    return evaluate_enrolments(enrolments, policy, on=TODAY)


def test_evaluating_many_trainees_costs_the_same_queries_as_few(
    school, django_assert_num_queries
):
    policy = subsidy.policy("510104")
    course = subsidy.course(school)
    subsidy.trained(course)
    with django_assert_num_queries(19) as small:
        evaluate_all(policy)
    for _n in range(4):
        subsidy.trained(course)
    subsidy.trained(subsidy.course(school, title="竹编"))
    with django_assert_num_queries(len(small.captured_queries)):
        results = evaluate_all(policy)
    assert len(results) == 6


def test_the_adapter_reads_the_stored_figures(school):
    policy = subsidy.policy("510104")
    enrolment = subsidy.trained(subsidy.course(school), hours=5)
    evaluation = evaluate_all(policy)[enrolment.pk]
    hours = next(r for r in evaluation.results if r.rule == "hours")
    assert hours.message.startswith("verified 5.0 h")
    cert = next(r for r in evaluation.results if r.rule == "certificate")
    assert cert.outcome == "pass"


def test_attendance_counts_in_the_evidence(school):
    policy = subsidy.policy("510104", min_attendance_share=80)
    course = subsidy.course(school, mode=TrainingMode.ONSITE)
    enrolment = subsidy.trained(course, hours=0)
    session = CourseSession.objects.create(
        course=course,
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now(),
        venue="工坊",
    )
    Attendance.objects.create(
        session=session,
        enrolment=enrolment,
        user=enrolment.user,
        checked_in_at=session.starts_at,
        checked_out_at=session.ends_at,
        method="qr",
        credited_seconds=2 * 3600,
    )
    evaluation = evaluate_all(policy)[enrolment.pk]
    attendance = next(r for r in evaluation.results if r.rule == "attendance")
    assert attendance.outcome == "fail" and "(67%)" in attendance.message


def test_the_group_is_the_one_held_when_training_began(school):
    policy = subsidy.policy("510104")
    person = factories.person()
    enrolment = subsidy.trained(subsidy.course(school), person=person, group=None)
    StatusPeriod.objects.create(
        person=person,
        group=StatusGroup.RURAL_LABOURER,
        starts_on=subsidy.STARTS + dt.timedelta(days=10),
    )
    group = next(
        r for r in evaluate_all(policy)[enrolment.pk].results if r.rule == "group"
    )
    assert group.outcome == "fail"


def test_a_region_can_switch_the_training_time_rule_off(school):
    policy = subsidy.policy("510104")
    RegionRules.objects.create(region_id="510100", group_at_training_time=False)
    person = factories.person()
    enrolment = subsidy.trained(subsidy.course(school), person=person, group=None)
    StatusPeriod.objects.create(
        person=person, group=StatusGroup.RURAL_LABOURER, starts_on=dt.date(2026, 5, 1)
    )
    group = next(
        r for r in evaluate_all(policy)[enrolment.pk].results if r.rule == "group"
    )
    assert group.outcome == "pass"


def test_the_nearest_regional_rules_govern():
    RegionRules.objects.create(region_id="510000", yearly_cap_count=2)
    RegionRules.objects.create(region_id="510100", yearly_cap=False)
    assert RegionRules.governing("510104").yearly_cap is False
    assert RegionRules.governing("511002").yearly_cap_count == 2
    assert RegionRules.governing("520102").yearly_cap_count == 3  # the default


def test_groups_during_a_range_include_periods_that_start_or_end_inside_it():
    person = factories.person()
    for group, starts, ends in [
        (StatusGroup.RURAL_LABOURER, dt.date(2025, 1, 1), dt.date(2026, 3, 10)),
        (StatusGroup.LOW_INCOME, dt.date(2026, 4, 1), None),
        (StatusGroup.MONITORING_TARGET, dt.date(2020, 1, 1), dt.date(2025, 12, 31)),
    ]:
        record_status_period(
            person=person, group=group, starts_on=starts, ends_on=ends, recorded_by=None
        )
    held = groups_during([person.pk], subsidy.STARTS, subsidy.ENDS)[person.pk]
    assert held == {StatusGroup.RURAL_LABOURER, StatusGroup.LOW_INCOME}


def test_a_period_that_ends_before_it_starts_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="cannot end before it starts"):
        record_status_period(
            person=factories.person(),
            group=StatusGroup.LOW_INCOME,
            starts_on=dt.date(2026, 5, 1),
            ends_on=dt.date(2026, 4, 1),
            recorded_by=None,
        )
    assert not StatusPeriod.objects.exists()


def _session(course, venue, starts_at, hours=3):
    return CourseSession.objects.create(
        course=course,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        venue=venue,
    )


def _check_in(session, enrolment, device="", at=None):
    return Attendance.objects.create(
        session=session,
        enrolment=enrolment,
        user=enrolment.user,
        checked_in_at=at or session.starts_at,
        checked_out_at=session.ends_at,
        method="qr",
        device_id=device,
        credited_seconds=3600,
    )


def test_checking_in_at_two_venues_at_once_is_flagged(school):
    person = factories.person()
    first = subsidy.trained(subsidy.course(school, title="甲"), person=person)
    second = subsidy.trained(subsidy.course(school, title="乙"), person=person)
    noon = timezone.now().replace(hour=12)
    _check_in(_session(first.course, "锦江工坊", noon), first)
    _check_in(_session(second.course, "青羊工坊", noon + dt.timedelta(hours=1)), second)
    clean = subsidy.trained(first.course)
    flags = flags_for([first, second, clean])
    assert Flag.TWO_VENUES in flags[first.pk]
    assert flags[clean.pk] == []


def test_many_trainees_from_one_phone_are_flagged(school):
    course = subsidy.course(school)
    enrolments = [subsidy.trained(course) for _ in range(SHARED_DEVICE_TRAINEES)]
    start = timezone.now()
    for n, enrolment in enumerate(enrolments):
        session = _session(course, "锦江工坊", start + dt.timedelta(days=n))
        _check_in(session, enrolment, device="phone-1")
    flags = flags_for(enrolments)
    assert all(Flag.SHARED_DEVICE in flags[e.pk] for e in enrolments)


def test_watch_time_beyond_the_playback_clock_is_flagged(school):
    enrolment = subsidy.trained(subsidy.course(school), hours=2)
    lesson = factories.lesson(enrolment.course, title="视频")
    progress = LessonProgress.objects.create(enrolment=enrolment, lesson=lesson)
    start = timezone.now() - dt.timedelta(hours=5)
    PlaybackSession.objects.create(
        key="k1",
        user=enrolment.user,
        progress=progress,
        last_seen_at=start + dt.timedelta(hours=1),
        ended_at=start + dt.timedelta(hours=1),
    )
    PlaybackSession.objects.filter(key="k1").update(started_at=start)
    assert flags_for([enrolment])[enrolment.pk] == [Flag.WATCH_EXCEEDS_CLOCK]


def test_a_course_not_completed_is_flagged(school):
    enrolment = subsidy.trained(subsidy.course(school), completed=False)
    assert flags_for([enrolment])[enrolment.pk] == [Flag.NOT_COMPLETED]


def test_a_region_is_evaluated_in_chunks_of_fixed_cost(
    school, monkeypatch, django_assert_num_queries
):
    from trainees.subsidies import evidence

    policy = subsidy.policy("510104")
    course = subsidy.course(school)
    for _n in range(5):
        subsidy.trained(course)
    monkeypatch.setattr(evidence, "CHUNK", 2)
    enrolments = Enrolment.objects.all()
    with django_assert_num_queries(1 + 1 + 3 * 19) as queries:
        judged = list(evidence.evaluate_region(enrolments, policy, on=TODAY))
    assert len(queries.captured_queries) > 0
    assert sorted(e.pk for e, _ev in judged) == sorted(e.pk for e in enrolments)
