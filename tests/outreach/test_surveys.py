"""Regular surveys: leaders answer on the site, the department returns answers
for correction, bad input saves nothing, answers are scoped, reminders go out
once, and the figures by region equal an independent count."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from inheritors.models import WorkshopEmployee, WorkshopEmployment
from lms.models import StatusPeriod
from lms.models.status import StatusGroup
from lms.policy import visible
from outreach.models import Survey, SurveyQuestion, SurveyResponse
from outreach.selectors import survey_figures
from outreach.services import return_survey_response, send_survey_reminders
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 20)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    real = __import__("django.utils.timezone", fromlist=["localdate"]).localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def make_survey(region="510100", **fields):
    values = {
        "title": "2026 年上半年工坊情况调查",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 6, 30),
        "opens_on": dt.date(2026, 6, 1),
        "due_on": dt.date(2026, 7, 10),
        **fields,
    }
    survey = Survey.objects.create(region_id=region, **values)
    SurveyQuestion.objects.create(
        survey=survey,
        sort_order=0,
        text="吸纳就业人数",
        kind="number",
        unit="人",
        minimum=0,
        maximum=10000,
        prefill="employed",
    )
    SurveyQuestion.objects.create(
        survey=survey,
        sort_order=1,
        text="其中脱贫人口",
        kind="number",
        unit="人",
        minimum=0,
        maximum=10000,
        prefill="poverty_alleviated",
    )
    SurveyQuestion.objects.create(
        survey=survey,
        sort_order=2,
        text="销售渠道",
        kind="choice",
        options="线下门店\n电商平台\n订单生产",
    )
    SurveyQuestion.objects.create(
        survey=survey,
        sort_order=3,
        text="遇到的困难",
        kind="text",
        required=False,
    )
    return survey


def fields(survey, employed="12", lifted="5", channel="电商平台", note="缺少订单"):
    q = list(survey.questions.order_by("sort_order"))
    return {
        f"q{q[0].pk}": employed,
        f"q{q[1].pk}": lifted,
        f"q{q[2].pk}": channel,
        f"q{q[3].pk}": note,
    }


def answer_url(survey, workshop):
    return reverse("outreach:answer-survey", args=[survey.pk, workshop.pk])


def test_the_leader_sees_the_open_survey_of_their_region(client, leader_user, workshop):
    make_survey()
    client.force_login(leader_user)
    response = client.get(reverse("outreach:my-surveys"))
    assert "2026 年上半年工坊情况调查" in response.text


def test_the_form_is_prefilled_from_employment_and_status_periods(
    client, leader_user, workshop
):
    WorkshopEmployment.objects.create(workshop=workshop, year=2026, employed=23)
    for lifted in (True, True, False):
        person = factories.person()
        WorkshopEmployee.objects.create(
            workshop=workshop, person=person, started_on=dt.date(2025, 1, 1)
        )
        if lifted:
            StatusPeriod.objects.create(
                person=person,
                group=StatusGroup.POVERTY_ALLEVIATED,
                starts_on=dt.date(2020, 1, 1),
            )
    survey = make_survey()
    client.force_login(leader_user)
    response = client.get(answer_url(survey, workshop))
    q = list(survey.questions.order_by("sort_order"))
    assert f'name="q{q[0].pk}" value="23"' in response.text
    assert f'name="q{q[1].pk}" value="2"' in response.text


def test_a_survey_answered_returned_and_answered_again(client, leader_user, workshop):
    survey = make_survey()
    client.force_login(leader_user)
    response = client.post(answer_url(survey, workshop), fields(survey))
    assert response.status_code == 302
    answer = SurveyResponse.objects.get()
    assert answer.state == "submitted"

    officer = factories.officer("510104")
    return_survey_response(response=answer, user=officer, reason="就业人数与台账不符")
    answer.refresh_from_db()
    assert answer.state == "returned"
    page = client.get(reverse("outreach:my-surveys"))
    assert "就业人数与台账不符" in page.text

    response = client.post(answer_url(survey, workshop), fields(survey, employed="9"))
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.state, answer.times_submitted) == ("submitted", 2)
    number = answer.answers.get(question__sort_order=0).number
    assert number == Decimal("9")


def test_submitted_answers_cannot_be_changed_until_returned(
    client, leader_user, workshop
):
    survey = make_survey()
    client.force_login(leader_user)
    client.post(answer_url(survey, workshop), fields(survey))
    client.post(answer_url(survey, workshop), fields(survey, employed="99"))
    answer = SurveyResponse.objects.get()
    assert answer.answers.get(question__sort_order=0).number == Decimal("12")


def test_the_officer_returns_answers_in_the_admin(client, leader_user, workshop):
    survey = make_survey()
    client.force_login(leader_user)
    client.post(answer_url(survey, workshop), fields(survey))
    answer = SurveyResponse.objects.get()
    client.force_login(factories.officer("510104"))
    response = client.post(
        reverse("survey-answers:return", args=[answer.pk]), {"reason": "请补充困难"}
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.state, answer.return_reason) == ("returned", "请补充困难")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"employed": "-1"}, "from 0 to 10000"),
        ({"employed": "1" + "0" * 20}, "at most two decimals"),
        ({"note": "缺少\x1b订单"}, "control characters"),
        ({"channel": "走私"}, "options offered"),
        ({"note": "长" * 201}, "too long"),
        ({"note": "长" * (10 * 1024 * 1024)}, "Nothing was changed"),
        ({"employed": ""}, "needs an answer"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_is_saved(
    client, leader_user, workshop, changes, message
):
    survey = make_survey()
    client.force_login(leader_user)
    response = client.post(answer_url(survey, workshop), fields(survey, **changes))
    assert response.status_code == 400
    assert message in response.text
    assert not SurveyResponse.objects.exists()


def test_a_leader_cannot_answer_for_another_workshop(
    client, leader_user, workshop, other_workshop
):
    survey = make_survey()
    client.force_login(leader_user)
    response = client.post(answer_url(survey, other_workshop), fields(survey))
    assert response.status_code == 404
    assert not SurveyResponse.objects.exists()


def submitted(survey, workshop, **values):
    from outreach.services import answer_survey

    return answer_survey(
        survey=survey,
        workshop=workshop,
        user=workshop.leader.person.user,
        answers=fields(survey, **values),
        today=TODAY,
    )


def leader_workshop(region):
    account = factories.UserFactory()
    leader = factories.workshop_leader(region, account=account)
    return factories.workshop(region, leader=leader, active=True)


def test_a_county_officer_sees_the_answers_of_their_county_only(
    workshop, other_workshop
):
    survey = make_survey()
    mine = submitted(survey, workshop)
    submitted(survey, leader_workshop("510105"))
    assert list(visible(factories.officer("510104"), SurveyResponse)) == [mine]


def test_a_leader_sees_only_their_workshops_answers(
    leader_user, workshop, other_workshop
):
    survey = make_survey()
    mine = submitted(survey, workshop)
    submitted(survey, leader_workshop("510105"))
    assert list(SurveyResponse.objects.of_leader(leader_user)) == [mine]


def test_the_admin_lists_only_the_answers_in_the_officers_county(
    client, workshop, other_workshop
):
    survey = make_survey()
    submitted(survey, workshop)
    other = submitted(survey, leader_workshop("510105"))
    client.force_login(factories.officer("510104"))
    response = client.get(reverse("survey-answers:index"))
    assert workshop.name in response.text
    assert other.workshop.name not in response.text


def test_the_figures_by_county_equal_an_independent_count(workshop):
    survey = make_survey()
    submitted(survey, workshop, employed="12")
    second = leader_workshop("510104")
    submitted(survey, second, employed="7.5")
    third = leader_workshop("510105")
    returned = submitted(survey, third, employed="100")
    return_survey_response(
        response=returned, user=factories.officer("510105"), reason="核实"
    )
    leader_workshop("510105")  # asked, not answered
    figures = survey_figures(survey=survey, region_code="510100")
    employed = survey.questions.get(sort_order=0).pk
    by_code = {row.code: row for row in figures.rows}
    expected = {}
    for answer in SurveyResponse.objects.filter(survey=survey, state="submitted"):
        code = answer.workshop.region_id
        value = answer.answers.get(question_id=employed).number
        expected[code] = expected.get(code, 0) + value
    assert {c: r.sums.get(employed, 0) for c, r in by_code.items()} == {
        "510104": expected["510104"],
        "510105": 0,
    }
    assert (by_code["510104"].asked, by_code["510104"].answered) == (2, 2)
    assert (by_code["510105"].asked, by_code["510105"].answered) == (2, 0)
    assert figures.total.sums[employed] == Decimal("19.5")


def test_the_results_export_is_an_xlsx_with_safe_cells(client, workshop):
    survey = make_survey()
    survey.questions.filter(sort_order=0).update(text="=HYPERLINK(1)")
    submitted(survey, workshop)
    client.force_login(factories.officer("510100"))
    response = client.get(reverse("surveys:results", args=[survey.pk]) + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][4].startswith("'=HYPERLINK")
    assert rows[1][:4] == ("510104", "锦江区", 1, 1)


def test_the_reminder_goes_to_leaders_who_have_not_answered_once(
    workshop, django_capture_on_commit_callbacks
):
    survey = make_survey(due_on=TODAY + dt.timedelta(days=2))
    done = leader_workshop("510104")
    submitted(survey, done)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_survey_reminders(today=TODAY) == 1
    assert mail.outbox[0].to == ["leader@example.org"]
    assert send_survey_reminders(today=TODAY) == 0


def test_no_reminder_while_the_due_date_is_far(workshop):
    make_survey(due_on=TODAY + dt.timedelta(days=20))
    assert send_survey_reminders(today=TODAY) == 0


def test_the_officer_reads_the_results_by_county_in_the_admin(client, workshop):
    survey = make_survey()
    submitted(survey, workshop, employed="12")
    client.force_login(factories.officer("510100"))
    response = client.get(reverse("surveys:results", args=[survey.pk]))
    assert response.status_code == 200
    assert "锦江区" in response.text
    assert (
        reverse("surveys:results", args=[survey.pk])
        in client.get(reverse("surveys:index")).text
    )


def test_the_officer_sees_the_answers_when_inspecting_them(client, workshop):
    survey = make_survey()
    answer = submitted(survey, workshop, employed="12")
    client.force_login(factories.officer("510104"))
    response = client.get(reverse("survey-answers:inspect", args=[answer.pk]))
    assert "吸纳就业人数: 12 人" in response.text
