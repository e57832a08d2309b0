"""On a phone (375 px wide) in headless Chromium, a workshop leader answers a
survey: a number out of range is refused, corrected, and the answers submitted."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outreach.models import Survey, SurveyQuestion, SurveyResponse

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_leader_answers_a_survey_on_a_phone(
    browser, live_server, leader_user, workshop
):
    today = timezone.localdate()
    survey = Survey.objects.create(
        region_id="510100",
        title="工坊定期调查",
        period_start=today - dt.timedelta(days=180),
        period_end=today,
        opens_on=today - dt.timedelta(days=1),
        due_on=today + dt.timedelta(days=10),
    )
    employed = SurveyQuestion.objects.create(
        survey=survey, text="吸纳就业人数", kind="number", unit="人", maximum=10000
    )
    channel = SurveyQuestion.objects.create(
        survey=survey,
        sort_order=1,
        text="主要销售渠道",
        kind="choice",
        options="线下门店\n电商平台",
    )
    client = Client()
    client.force_login(leader_user)
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="zh-CN"
    )
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("outreach:my-surveys"))
    answer = reverse("outreach:answer-survey", args=[survey.pk, workshop.pk])
    page.click(f"a[href='{answer}']")
    page.fill(f"input[name=q{employed.pk}]", "-3")
    page.select_option(f"select[name=q{channel.pk}]", "电商平台")
    page.click("button[data-submit=answers]")
    assert page.locator(".errorlist").first.is_visible()
    assert not SurveyResponse.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.fill(f"input[name=q{employed.pk}]", "18")
    page.click("button[data-submit=answers]")
    page.wait_for_url("**" + reverse("outreach:my-surveys"))
    context.close()

    response = SurveyResponse.objects.get()
    assert response.answers.get(question=employed).number == Decimal("18")
    assert response.answers.get(question=channel).text == "电商平台"
