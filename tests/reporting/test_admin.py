"""Statistics reports in the admin: what each officer sees and may do."""

import datetime as dt

import pytest
from django.urls import reverse

from lms.models import Region
from lms.roles import Role
from reporting.models import ReportState, StatisticsReport
from reporting.reports import services
from tests import factories
from tests.reporting.conftest import YEAR, identified


def generate(user, code: str) -> StatisticsReport:
    return services.generate_report(
        region=Region.objects.get(code=code), period=YEAR, user=user
    )


def submitted(user, code: str) -> StatisticsReport:
    return services.submit_report(report=generate(user, code), user=user)


def url(name: str, *args) -> str:
    return reverse(f"statistics-reports:{name}", args=args)


@pytest.fixture
def logged_in(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


def test_a_county_lists_only_its_own_reports(logged_in, county, neighbour):
    mine = submitted(county, "510104")
    theirs = submitted(neighbour, "510105")

    page = logged_in(county).get(url("index"))

    assert page.status_code == 200
    assert url("inspect", mine.pk) in page.content.decode()
    assert url("inspect", theirs.pk) not in page.content.decode()


def test_a_prefecture_sees_its_counties_submissions_but_not_their_drafts(
    logged_in, county, neighbour, prefecture
):
    sent = submitted(county, "510104")
    draft = generate(neighbour, "510105")

    client = logged_in(prefecture)

    assert client.get(url("inspect", sent.pk)).status_code == 200
    assert client.get(url("inspect", draft.pk)).status_code == 404


def test_a_neighbours_report_does_not_exist(logged_in, county, neighbour):
    theirs = submitted(neighbour, "510105")
    client = logged_in(county)

    assert client.get(url("inspect", theirs.pk)).status_code == 404
    assert client.post(url("submit", theirs.pk)).status_code == 404
    assert client.post(url("export", theirs.pk, "xlsx")).status_code == 404
    assert client.get(url("return", theirs.pk)).status_code == 404


def test_another_prefecture_does_not_see_the_county_report(
    logged_in, county, other_prefecture
):
    report = submitted(county, "510104")

    response = logged_in(other_prefecture).get(url("inspect", report.pk))

    assert response.status_code == 404


def test_the_report_page_shows_the_frozen_table(logged_in, county):
    identified("510104", dt.date(2025, 5, 1))
    report = generate(county, "510104")
    identified("510104", dt.date(2025, 6, 1))  # after it was generated

    page = logged_in(county).get(url("inspect", report.pk)).content.decode()

    assert "表1 非遗工坊建设情况" in page
    assert "本期认定工坊（个）" in page
    assert '<td class="num">1</td>' in page
    assert '<td class="num">2</td>' not in page
    assert url("submit", report.pk) in page


def test_a_county_generates_and_submits_through_the_admin(logged_in, county):
    client = logged_in(county)

    response = client.post(url("add"), {"period": "2025", "region": "510104"})
    report = StatisticsReport.objects.get(region_id="510104", year=2025, quarter=0)
    client.post(url("submit", report.pk))
    report.refresh_from_db()

    assert response.status_code == 302
    assert report.state == ReportState.SUBMITTED
    assert report.submitted_by == county


def test_a_county_cannot_generate_for_a_neighbour_through_the_admin(logged_in, county):
    response = logged_in(county).post(
        url("add"), {"period": "2025", "region": "510105"}
    )

    assert response.status_code == 200  # the form, with its error
    assert not StatisticsReport.objects.exists()


def test_the_prefecture_returns_a_report_with_a_reason(logged_in, county, prefecture):
    report = submitted(county, "510104")
    client = logged_in(prefecture)

    empty = client.post(url("return", report.pk), {"reason": " "})
    given = client.post(url("return", report.pk), {"reason": "缺少本级数据"})
    report.refresh_from_db()

    assert empty.status_code == 200
    assert given.status_code == 302
    assert report.state == ReportState.RETURNED
    assert report.return_reason == "缺少本级数据"


def test_the_prefecture_accepts_a_report_with_the_button(logged_in, county, prefecture):
    report = submitted(county, "510104")
    client = logged_in(prefecture)

    page = client.get(url("inspect", report.pk)).content.decode()
    client.post(url("accept", report.pk))
    report.refresh_from_db()

    assert url("accept", report.pk) in page
    assert report.state == ReportState.ACCEPTED


def test_an_hr_officer_of_the_region_reads_the_report_but_takes_no_step(
    logged_in, county
):
    report = submitted(county, "510104")
    hr = factories.officer("510104", role=Role.HR_OFFICER)
    client = logged_in(hr)

    page = client.get(url("inspect", report.pk))
    client.post(url("accept", report.pk))
    report.refresh_from_db()

    assert page.status_code == 200
    assert "表1 非遗工坊建设情况" in page.content.decode()
    assert url("accept", report.pk) not in page.content.decode()
    assert report.state == ReportState.SUBMITTED


def test_the_prefecture_sees_who_has_not_submitted(
    logged_in, county, neighbour, prefecture
):
    submitted(county, "510104")
    generate(neighbour, "510105")

    page = logged_in(prefecture).get(url("not_submitted"), {"period": "2025"})
    text = page.content.decode()

    assert page.status_code == 200
    assert "510104 Jinjiang District" in text and "510105" in text
    waiting = {region.code for region in page.context["waiting"]}
    assert "510105" in waiting and "510106" in waiting
    assert "510104" not in waiting


def test_a_county_has_nobody_below_it(logged_in, county):
    page = logged_in(county).get(url("not_submitted"), {"period": "2025"})

    assert list(page.context["rows"]) == []


def test_a_bad_period_is_a_bad_request(logged_in, prefecture):
    page = logged_in(prefecture).get(url("not_submitted"), {"period": "２０２５"})

    assert page.status_code == 400


def test_the_index_filters_by_state(logged_in, county, prefecture):
    report = submitted(county, "510104")
    services.accept_report(report=report, user=prefecture)
    own = generate(prefecture, "510100")
    client = logged_in(prefecture)

    page = client.get(url("index"), {"state": "accepted"}).content.decode()

    assert url("inspect", report.pk) in page
    assert url("inspect", own.pk) not in page
