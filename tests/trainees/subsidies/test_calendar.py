"""The working-day calendar: holidays (节假日) and weekend days worked (调休) change
the review deadline's count; a range costs one query, a queue of claims two."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.roles import Role
from tests import factories
from tests.trainees.subsidies import factories as subsidy
from trainees.subsidies import services
from trainees.subsidies.calendar import (
    CalendarDay,
    CalendarDayKind,
    WorkingCalendar,
    weekdays_between,
)
from trainees.subsidies.deadlines import working_days_between
from trainees.subsidies.models import Claim, prepare_review_deadlines

pytestmark = pytest.mark.django_db
JINJIANG, SICHUAN = "510104", "510000"


def test_a_range_across_national_day_2025_skips_the_holidays():
    # Fri 26 Sep → Fri 17 Oct 2025: 15 weekdays, less 1–3 and 6–8 October off,
    # plus Sunday 28 September and Saturday 11 October worked.
    assert working_days_between(dt.date(2025, 9, 26), dt.date(2025, 10, 17)) == 11


def test_a_saturday_worked_in_lieu_counts():
    # Saturday 8 February 2025 was worked for the Spring Festival (调休).
    assert working_days_between(dt.date(2025, 2, 7), dt.date(2025, 2, 10)) == 2


def test_the_spring_festival_2025_leaves_five_working_days_in_two_weeks():
    # Sat 25 Jan → Fri 7 Feb: Sun 26 and Mon 27 Jan worked, 28 Jan to 4 Feb off,
    # then Wed 5 to Fri 7 Feb worked.
    assert working_days_between(dt.date(2025, 1, 25), dt.date(2025, 2, 7)) == 5


def test_a_range_without_exceptions_is_monday_to_friday():
    start, end = dt.date(2025, 3, 3), dt.date(2025, 3, 31)
    assert working_days_between(start, end) == weekdays_between(start, end) == 20
    assert working_days_between(dt.date(2025, 3, 7), dt.date(2025, 3, 10)) == 1


def test_an_end_on_or_before_the_start_is_zero_and_asks_nothing(
    django_assert_num_queries,
):
    day = dt.date(2025, 10, 1)
    with django_assert_num_queries(0):
        assert working_days_between(day, day) == 0
        assert working_days_between(day, day - dt.timedelta(days=30)) == 0


def test_a_whole_year_is_counted_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        days = working_days_between(dt.date(2024, 12, 31), dt.date(2025, 12, 31))
    # 261 weekdays in 2025, 18 of them off for holidays, 5 weekend days worked.
    assert days == 261 - 18 + 5 == 248


def test_a_calendar_read_once_answers_every_range_inside_it(
    django_assert_num_queries,
):
    calendar = WorkingCalendar.between(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    with django_assert_num_queries(0):
        ages = [
            working_days_between(dt.date(2025, 9, 26), end, calendar)
            for end in (dt.date(2025, 9, 29), dt.date(2025, 10, 9))
        ]
    assert ages == [2, 4]


def test_a_day_entered_by_staff_counts_at_once():
    CalendarDay.objects.create(
        date=dt.date(2027, 1, 1), kind=CalendarDayKind.HOLIDAY, name="元旦"
    )
    assert working_days_between(dt.date(2026, 12, 31), dt.date(2027, 1, 4)) == 1


def test_a_weekday_cannot_be_entered_as_a_weekend_day_worked():
    day = CalendarDay(date=dt.date(2027, 2, 3), kind=CalendarDayKind.WORKDAY, name="x")
    with pytest.raises(ValidationError, match="weekday"):
        day.full_clean()


def submitted_claim(county: str, name: str, at: dt.datetime) -> Claim:
    school = factories.institution(county)
    course = subsidy.course(school)
    subsidy.trained(course, person=factories.person(name, region=county))
    claim = services.submit_cohort_claims(
        course=course,
        policy=subsidy.policy(county),
        submitted_by=factories.institution_staff(school),
        on=subsidy.TODAY,
    ).claims[0]
    Claim.objects.filter(pk=claim.pk).update(submitted_at=at)
    return claim


def national_day_claim(name: str = "国庆学员") -> Claim:
    at = timezone.make_aware(dt.datetime(2025, 9, 26, 10))
    return submitted_claim(JINJIANG, name, at)


def test_a_claims_review_age_counts_working_days():
    claim = Claim.objects.get(pk=national_day_claim().pk)
    assert claim.review_age(today=dt.date(2025, 10, 17)) == 11


def test_ages_and_deadlines_of_many_claims_take_two_queries(
    django_assert_num_queries,
):
    for n in range(3):
        national_day_claim(f"学员{n}")
    claims = list(Claim.objects.select_related("course"))
    expected = working_days_between(dt.date(2025, 9, 26), timezone.localdate())
    with django_assert_num_queries(2):
        prepare_review_deadlines(claims)
        ages = [claim.review_age() for claim in claims]
        overdue = [claim.review_overdue for claim in claims]
    assert ages == [expected] * 3
    assert overdue == [True] * 3  # 10 working days by default, long past


def test_the_queue_costs_the_same_queries_for_many_claims_as_for_one(
    client, django_assert_num_queries
):
    national_day_claim("第一位")
    officer = factories.officer(JINJIANG, Role.HR_OFFICER)
    client.force_login(officer)
    url = reverse("subsidy-claims:index")
    client.get(url)  # warm the session and the scope
    with CaptureQueriesContext(connection) as one:
        assert "第一位" in client.get(url).text
    for n in range(4):
        national_day_claim(f"又一位{n}")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert "又一位3" in response.text
    calendar_reads = [
        q for q in one.captured_queries if "subsidies_calendarday" in q["sql"]
    ]
    assert len(calendar_reads) == 1


def calendar_form() -> dict:
    return {"date": "2027-02-06", "kind": "workday", "name": "春节调休上班"}


def test_a_province_hr_officer_enters_a_calendar_day(client):
    client.force_login(factories.officer(SICHUAN, Role.HR_OFFICER))
    response = client.post(reverse("working-day-calendar:add"), calendar_form())
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=dt.date(2027, 2, 6)).name == "春节调休上班"


def test_a_county_hr_officer_reads_the_calendar_but_cannot_change_it(client):
    client.force_login(factories.officer(JINJIANG, Role.HR_OFFICER))
    listing = client.get(reverse("working-day-calendar:index"))
    assert listing.status_code == 200 and "中秋节" in listing.text
    client.post(reverse("working-day-calendar:add"), calendar_form())
    day = CalendarDay.objects.get(date=dt.date(2025, 10, 1))
    client.post(reverse("working-day-calendar:delete", args=[day.pk]))
    assert not CalendarDay.objects.filter(date=dt.date(2027, 2, 6)).exists()
    assert CalendarDay.objects.filter(pk=day.pk).exists()


def test_other_staff_do_not_see_the_calendar(client):
    client.force_login(factories.officer(SICHUAN, Role.CULTURE_OFFICER))
    response = client.get(reverse("working-day-calendar:index"))
    assert response.status_code in (302, 403)
