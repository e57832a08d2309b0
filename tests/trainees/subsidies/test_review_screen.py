"""The HR review as an officer reads it: each rule by its name with its verdict and
links to the evidence, the codes of the evaluation in words, the days left before
the deadline, and the decision as buttons; the queue with its deadline column and
filters whose choices stay inside the officer's scope."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lms.models import Region
from trainees.subsidies.calendar import CalendarDay, CalendarDayKind
from trainees.subsidies.deadlines import working_day_after
from trainees.subsidies.models import ClaimState, RegionRules
from trainees.subsidies.wording import explain

from .test_admin import JINJIANG, QINGYANG, SICHUAN, claim_in, hr

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 6, 1)


@pytest.fixture
def claims():
    return {
        "jinjiang": claim_in(JINJIANG, "锦江学员"),
        "qingyang": claim_in(QINGYANG, "青羊学员"),
    }


def review_page(client, claim):
    return client.get(reverse("subsidy-claims:edit", args=[claim.pk]))


def test_each_rule_reads_by_its_name_not_its_code(client, claims):
    client.force_login(hr(JINJIANG))
    text = review_page(client, claims["jinjiang"]).text
    assert "verified hours" in text and "yearly cap" in text
    assert "yearly_cap" not in text and "certificate_window" not in text


def test_codes_in_the_evidence_read_as_labels_and_dates_as_dates():
    evaluation = {
        "results": [
            {
                "rule": "mode",
                "outcome": "pass",
                "template": "training mode %(mode)s; the policy accepts %(modes)s",
                "params": {"mode": "distance", "modes": "distance, onsite"},
            },
            {
                "rule": "group",
                "outcome": "fail",
                "template": "groups held on %(day)s: %(held)s; eligible: %(eligible)s",
                "params": {
                    "day": "2026-06-01",
                    "held": "—",
                    "eligible": "low_income, rural_labourer",
                },
            },
        ]
    }
    with translation.override("zh-hans"):
        mode, group = explain(evaluation)
    assert "远程培训" in mode["message"] and "distance" not in mode["message"]
    assert "2026年6月1日" in group["message"]
    assert "低收入人口" in group["message"] and "rural_labourer" not in group["message"]
    assert group["rule"] != "group" and group["outcome"] == "fail"


def test_the_review_links_the_hours_to_the_watch_time_ledger(client, claims):
    client.force_login(hr(JINJIANG))
    claim = claims["jinjiang"]
    ledger = reverse("enrolments:inspect", args=[claim.enrolment_id])
    assert f'href="{ledger}"' in review_page(client, claim).text
    page = client.get(ledger)
    assert page.status_code == 200 and 'id="watch-ledger"' in page.text


def test_the_review_links_the_certificate_and_the_status_periods(client, claims):
    client.force_login(hr(JINJIANG))
    claim = claims["jinjiang"]
    text = review_page(client, claim).text
    assert claim.certificate_serial and claim.certificate_serial in text
    assert reverse("status-periods:index") + "?q=" in text


def test_the_review_says_the_deadline_and_the_working_days_left(client, claims):
    claim = claims["jinjiang"]
    claim.submitted_at = timezone.make_aware(dt.datetime.combine(MONDAY, dt.time(9)))
    claim.save(update_fields=["submitted_at"])
    client.force_login(hr(JINJIANG))
    days = RegionRules.governing(claim.course.region_id).review_working_days
    deadline = working_day_after(MONDAY, days)
    claim.refresh_from_db()
    text = review_page(client, claim).text
    assert "review-deadline" in text
    if claim.review_days_left() < 0:
        assert "overdue" in text
    assert f"{deadline:%B} {deadline.day}, {deadline.year}" in text


def test_the_deadline_counts_holidays_and_weekend_workdays():
    assert working_day_after(MONDAY, 10) == dt.date(2026, 6, 15)
    CalendarDay.objects.create(
        date=dt.date(2026, 6, 5), kind=CalendarDayKind.HOLIDAY, name="端午节"
    )
    assert working_day_after(MONDAY, 10) == dt.date(2026, 6, 16)
    CalendarDay.objects.create(
        date=dt.date(2026, 6, 6), kind=CalendarDayKind.WORKDAY, name="调休"
    )
    assert working_day_after(MONDAY, 10) == dt.date(2026, 6, 15)


def test_the_decision_is_buttons_for_the_steps_of_the_state(client, claims):
    client.force_login(hr(JINJIANG))
    text = review_page(client, claims["jinjiang"]).text
    for step in ("start_review", "approve", "return", "reject"):
        assert f'name="step" value="{step}"' in text
    assert 'value="record_payment"' not in text
    assert '<select name="step"' not in text


def test_returning_without_a_reason_is_refused_on_the_field(client, claims):
    client.force_login(hr(JINJIANG))
    claim = claims["jinjiang"]
    url = reverse("subsidy-claims:edit", args=[claim.pk])
    response = client.post(url, {"step": "return", "reason": "  "})
    assert response.status_code == 200
    assert "Give a reason: the trainee and the institution will read it." in (
        response.text
    )
    claim.refresh_from_db()
    assert claim.state == ClaimState.SUBMITTED


def test_returning_with_a_reason_records_it(client, claims):
    client.force_login(hr(JINJIANG))
    claim = claims["jinjiang"]
    url = reverse("subsidy-claims:edit", args=[claim.pk])
    response = client.post(url, {"step": "return", "reason": "身份证复印件不清晰"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.state == ClaimState.RETURNED
    assert claim.events.last().reason == "身份证复印件不清晰"


def test_the_queue_names_its_columns_and_shows_the_days_left(client, claims):
    client.force_login(hr(JINJIANG))
    text = client.get(reverse("subsidy-claims:index")).text
    assert "Trainee name" not in text and "Id number masked" not in text
    assert "Flag labels" not in text
    assert "working days left" in text


def test_the_queues_filters_offer_only_what_the_officer_may_see(client, claims):
    client.force_login(hr(JINJIANG))
    text = client.get(reverse("subsidy-claims:index")).text
    assert claims["jinjiang"].institution.name in text
    assert claims["qingyang"].institution.name not in text


def test_a_province_officer_filters_the_queue_by_county(client, claims):
    client.force_login(hr(SICHUAN))
    jinjiang = Region.objects.get(code=JINJIANG)
    url = reverse("subsidy-claims:index") + f"?region={jinjiang.pk}"
    text = client.get(url).text
    assert "锦江学员" in text and "青羊学员" not in text
