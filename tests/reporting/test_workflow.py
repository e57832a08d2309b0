"""A report's way up: generated (frozen), submitted, returned with a reason or
accepted, and the level above's report as the sum of the accepted ones."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from inheritors.models import WorkshopEmployment
from lms.models import Region
from reporting.models import ReportState, StatisticsReport
from reporting.reports import services
from reporting.reports.layout import add_figures, empty_figures
from reporting.reports.periods import Period
from tests.reporting.conftest import YEAR, identified


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def generate(user, code: str, period=YEAR) -> StatisticsReport:
    return services.generate_report(region=region(code), period=period, user=user)


def accepted(user, decider, code: str) -> StatisticsReport:
    report = services.submit_report(report=generate(user, code), user=user)
    return services.accept_report(report=report, user=decider)


def test_a_submitted_report_does_not_change_when_the_data_changes_afterwards(county):
    shop = identified("510104", dt.date(2025, 5, 1))
    WorkshopEmployment.objects.create(workshop=shop, year=2025, employed=12)
    report = services.submit_report(report=generate(county, "510104"), user=county)
    frozen = report.snapshot

    identified("510104", dt.date(2025, 6, 1))
    WorkshopEmployment.objects.filter(workshop=shop).update(employed=40)
    report.refresh_from_db()

    assert report.snapshot == frozen
    assert report.snapshot["totals"]["workshops"]["identified"] == 1
    assert report.snapshot["totals"]["workshops"]["employed"] == 12


def test_a_prefecture_report_is_the_sum_of_its_accepted_county_reports_and_its_own(
    county, neighbour, prefecture
):
    for code, day in (("510104", 3), ("510104", 4), ("510105", 5), ("510106", 6)):
        identified(code, dt.date(2025, 5, day))
    identified("510100", dt.date(2025, 7, 1))  # the prefecture's own
    first = accepted(county, prefecture, "510104")
    second = accepted(neighbour, prefecture, "510105")
    # 510106 has no report: it is listed, marked, and counts nothing.

    report = generate(prefecture, "510100")

    expected = add_figures(
        add_figures(first.snapshot["totals"], second.snapshot["totals"]),
        report.snapshot["rows"][-1]["figures"],
    )
    assert report.snapshot["totals"] == expected
    assert report.snapshot["totals"]["workshops"]["identified"] == 4
    rows = {row["code"]: row for row in report.snapshot["rows"]}
    assert rows["510104"]["report"] == first.pk
    assert rows["510106"]["report"] is None
    assert "510106" in report.snapshot["missing"]
    assert rows["510100"]["kind"] == "own"
    assert rows["510100"]["figures"]["workshops"]["identified"] == 1


def test_a_county_report_submitted_but_not_accepted_is_not_counted(county, prefecture):
    identified("510104", dt.date(2025, 5, 1))
    services.submit_report(report=generate(county, "510104"), user=county)

    report = generate(prefecture, "510100")

    assert report.snapshot["totals"] == empty_figures()


def test_the_province_report_rolls_up_accepted_prefecture_reports(
    county, prefecture, province, national
):
    identified("510104", dt.date(2025, 5, 1))
    identified("510000", dt.date(2025, 5, 1))  # the province's own
    accepted(county, prefecture, "510104")
    accepted(prefecture, province, "510100")

    report = services.submit_report(report=generate(province, "510000"), user=province)
    report = services.accept_report(report=report, user=national)

    assert report.state == ReportState.ACCEPTED
    assert report.snapshot["totals"]["workshops"]["identified"] == 2


def test_returning_a_report_needs_a_reason(county, prefecture):
    report = services.submit_report(report=generate(county, "510104"), user=county)

    with pytest.raises(ValidationError) as error:
        services.return_report(report=report, user=prefecture, reason="  ")

    assert "reason" in error.value.error_dict
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_a_returned_report_says_who_when_and_why_and_can_be_submitted_again(
    county, prefecture
):
    report = services.submit_report(report=generate(county, "510104"), user=county)

    services.return_report(report=report, user=prefecture, reason="就业人数有误")
    report.refresh_from_db()
    step = report.steps.last()

    assert report.state == ReportState.RETURNED
    assert report.return_reason == "就业人数有误"
    assert (step.action, step.actor, step.reason) == (
        "returned",
        prefecture,
        "就业人数有误",
    )
    assert report.decided_by == prefecture and report.decided_at is not None
    generate(county, "510104")
    report = services.submit_report(report=report, user=county)
    assert report.state == ReportState.SUBMITTED
    assert [s.action for s in report.steps.all()] == [
        "generated",
        "submitted",
        "returned",
        "regenerated",
        "submitted",
    ]


def test_every_step_is_in_the_audit_log(county, prefecture):
    report = services.submit_report(report=generate(county, "510104"), user=county)
    services.accept_report(report=report, user=prefecture)

    actions = ModelLogEntry.objects.filter(object_id=str(report.pk)).values_list(
        "action", flat=True
    )

    assert sorted(actions) == [
        "reporting.accepted",
        "reporting.generated",
        "reporting.submitted",
    ]


def test_a_county_cannot_accept_its_own_report(county):
    report = services.submit_report(report=generate(county, "510104"), user=county)

    with pytest.raises(PermissionDenied):
        services.accept_report(report=report, user=county)


def test_another_prefecture_cannot_decide_a_county_report(county, other_prefecture):
    report = services.submit_report(report=generate(county, "510104"), user=county)

    with pytest.raises(PermissionDenied):
        services.return_report(report=report, user=other_prefecture, reason="不对")


def test_a_province_cannot_decide_a_county_report_directly(county, province):
    report = services.submit_report(report=generate(county, "510104"), user=county)

    with pytest.raises(PermissionDenied):
        services.accept_report(report=report, user=province)


def test_only_the_national_level_decides_a_province_report(province, prefecture):
    report = services.submit_report(report=generate(province, "510000"), user=province)

    with pytest.raises(PermissionDenied):
        services.accept_report(report=report, user=province)


def test_an_officer_generates_only_their_own_region(county, neighbour):
    with pytest.raises(PermissionDenied):
        generate(neighbour, "510104")


def test_an_accepted_report_cannot_be_generated_again(county, prefecture):
    accepted(county, prefecture, "510104")

    with pytest.raises(ValidationError):
        generate(county, "510104")


def test_a_report_of_a_period_that_has_not_ended_is_refused(county):
    with pytest.raises(ValidationError):
        services.generate_report(
            region=region("510104"),
            period=Period(2025, 4),
            user=county,
            today=dt.date(2025, 12, 31),
        )
