"""Each dashboard figure equals a count made independently in the test, within
the region asked for, split by the next level of regions down and by month."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from inheritors.models import (
    Apprenticeship,
    Inheritor,
    MasterStudio,
    Workshop,
    WorkshopConfirmation,
    WorkshopEmployment,
)
from inheritors.models.workshops import last_closed_year
from lms.models import StatusGroup
from reporting.figures import region_dashboard
from tests import factories
from tests.reporting.factories import county_rows
from trainees.certificates.models import Certificate
from trainees.models import Enrolment
from trainees.subsidies.models import Claim, ClaimEvent, prepare_review_deadlines

pytestmark = pytest.mark.django_db

PROVINCE = "510000"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def rows():
    """Two counties of Chengdu (one with three claims), one of Deyang, and one
    county of another province that no Sichuan figure may count."""
    county_rows("510104")
    county_rows("510105", claims=3)
    county_rows("510603")
    factories.workshop("330000", identified_on=dt.date(2024, 5, 1))


def figure(key, code=PROVINCE, today=None):
    today = today or timezone.localdate()
    return region_dashboard(code, today=today).figure(key)


def test_workshop_states_equal_counts_of_the_province(rows):
    dashboard = region_dashboard(PROVINCE, today=timezone.localdate())
    shops = Workshop.objects.filter(region__code__startswith="51")
    for key, state in (
        ("identified", "identified"),
        ("active", "active"),
        ("cancelled", "cancelled"),
    ):
        assert dashboard.figure(key).total == shops.filter(state=state).count() == 3
    # Qualified and recorded: a cancelled workshop once recorded is not counted.
    assert dashboard.figure("in_library").total == shops.in_library().count()


def test_a_province_is_split_by_its_prefectures(rows):
    identified = figure("identified")
    assert identified.by_region == [("510100", 2), ("510600", 1)]


def test_a_prefecture_is_split_by_its_counties(rows):
    identified = figure("identified", "510100")
    assert identified.by_region == [("510104", 1), ("510105", 1)]


def test_a_county_counts_only_its_own_rows(rows):
    claims = figure("claims_paid", "510104")
    assert claims.total == 1
    assert claims.by_region == [("510104", 1)]


def test_the_country_is_split_by_provinces(rows):
    identified = region_dashboard(None, today=timezone.localdate()).figure("identified")
    assert identified.by_region == [("510000", 2 + 1), ("330000", 1)]
    assert identified.total == Workshop.objects.filter(state="identified").count()


def test_confirmation_and_lapse_figures_follow_the_workshop_rules():
    # On 15 January 2027 the grace period for 2026 runs until 31 March: a workshop
    # last registered in 2024 has missed 2025 (overdue) and lapses on 1 April.
    today = dt.date(2027, 1, 15)
    confirmed = factories.workshop("510104", identified_on=dt.date(2023, 5, 1))
    WorkshopConfirmation.objects.create(workshop=confirmed, year=2027, channel="admin")
    factories.workshop("510104", identified_on=dt.date(2024, 5, 1))
    factories.workshop("510105", identified_on=dt.date(2026, 5, 1))
    factories.workshop("510603", identified_on=dt.date(2022, 5, 1))

    shops = list(Workshop.objects.qualified())
    due = [w for w in shops if not w.confirmations.filter(year=2027).exists()]
    closed = last_closed_year("510000", today)
    overdue = [w for w in shops if w.last_registration_year() < closed]
    later = last_closed_year("510000", today + dt.timedelta(days=90))
    lapsing = [w for w in shops if closed - 2 < w.last_registration_year() <= later - 2]
    dashboard = region_dashboard(PROVINCE, today=today)
    assert dashboard.figure("confirmation_due").total == len(due) == 3
    assert dashboard.figure("confirmation_overdue").total == len(overdue) == 2
    assert dashboard.figure("lapsing").total == len(lapsing) == 1


def test_employment_is_the_latest_year_recorded(rows, today):
    records = WorkshopEmployment.objects.filter(
        workshop__region__code__startswith="51", year=today.year - 1
    )
    dashboard = region_dashboard(PROVINCE, today=today)
    for key, field in (
        ("employed", "employed"),
        ("employed_poverty_alleviated", "poverty_alleviated"),
        ("employed_monitoring_targets", "monitoring_targets"),
    ):
        assert dashboard.figure(key).total == sum(getattr(r, field) for r in records)


def test_training_figures_equal_counts_of_the_province(rows, today):
    enrolments = list(
        Enrolment.objects.filter(course__region__code__startswith="51").select_related(
            "course", "user__person"
        )
    )
    dashboard = region_dashboard(PROVINCE, today=today)
    enrolled = [e for e in enrolments if e.status == "enrolled"]
    assert dashboard.figure("enrolments").total == len(enrolled) == 5
    assert dashboard.figure("completions").total == len(
        [e for e in enrolments if e.completed_at]
    )
    seconds = sum(
        e.verified_seconds + e.attended_seconds
        for e in enrolments
        if e.course.mode == "distance"
    )
    assert dashboard.figure("hours_distance").total == round(seconds / 3600, 1)
    poor = {
        e.user_id
        for e in enrolled
        for period in e.user.person.status_periods.all()
        if period.group == StatusGroup.POVERTY_ALLEVIATED
        and period.starts_on <= timezone.localdate(e.requested_at)
    }
    assert dashboard.figure("trainees_poverty_alleviated").total == len(poor)


def test_enrolments_by_month_equal_counts_per_month(rows, today):
    months = Counter(
        timezone.localdate(e.requested_at).replace(day=1)
        for e in Enrolment.objects.filter(
            course__region__code__startswith="51", status="enrolled"
        )
    )
    line = dict(figure("enrolments").by_month)
    assert len(line) == 24
    assert {month: n for month, n in line.items() if n} == dict(months)


def test_certificates_by_kind_and_level(rows, today):
    valid = Certificate.objects.filter(region__code__startswith="51", status="valid")
    dashboard = region_dashboard(PROVINCE, today=today)
    assert dashboard.figure("certificates_skill_level").total == (
        valid.filter(kind="skill_level").count()
    )
    assert dashboard.figure("certificates_level_20").total == (
        valid.filter(skill_level=20).count()
    )


def test_subsidy_figures_equal_counts_of_the_province(rows, today):
    claims = list(
        Claim.objects.filter(course__region__code__startswith="51").select_related(
            "course"
        )
    )
    events = ClaimEvent.objects.filter(
        claim__course__region__code__startswith="51", at__year=today.year
    ).select_related("claim")
    dashboard = region_dashboard(PROVINCE, today=today)
    for state in ("submitted", "paid"):
        assert dashboard.figure(f"claims_{state}").total == len(
            [c for c in claims if c.state == state]
        )
    assert dashboard.figure("claims_flagged").total == len(
        [c for c in claims if c.flags]
    )
    for key, action in (("amount_approved", "approved"), ("amount_paid", "paid")):
        expected = sum(e.claim.amount for e in events if e.action == action)
        assert dashboard.figure(key).total == expected == Decimal("1500.00")


def test_review_age_is_counted_against_the_working_day_deadline(rows, today):
    waiting = prepare_review_deadlines(
        Claim.objects.filter(
            course__region__code__startswith="51",
            state__in=["submitted", "under_review"],
        ).select_related("course")
    )
    dashboard = region_dashboard(PROVINCE, today=today)
    overdue = [c for c in waiting if c.review_overdue]
    assert dashboard.figure("review_overdue").total == len(overdue) == 1
    assert dashboard.figure("review_within").total == len(waiting) - len(overdue) == 1


def test_heritage_figures_equal_counts_of_the_province(rows, today):
    dashboard = region_dashboard(PROVINCE, today=today)
    sichuan = {"region__code__startswith": "51"}
    assert dashboard.figure("inheritors").total == (
        Inheritor.objects.filter(status="active", **sichuan).count()
    )
    assert (
        dashboard.figure("studios").total
        == MasterStudio.objects.filter(**sichuan).count()
    )
    assert dashboard.figure("apprentices").total == (
        Apprenticeship.objects.filter(studio__region__code__startswith="51")
        .values("apprentice")
        .distinct()
        .count()
    )
