"""Demo data for ``make run``: the demo workshop's trademark, a published
outstanding case with the demo's real video, and a survey of 成都市 that the demo
leader can answer. Idempotent: each object is looked up first."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from inheritors.models import Workshop
from lms.models import User
from media.demo import DEMO_VIDEOS
from media.models import VideoAsset
from outreach.models import (
    IpRecord,
    OutstandingCaseIndexPage,
    OutstandingCasePage,
    Survey,
    SurveyQuestion,
)
from outreach.services import decide_case, nominate_case

WORKSHOP_CREDIT_CODE = "93510104MA6C8X2Q49"  # inheritors.demo's 锦江蜀绣非遗工坊
CASE_SLUG = "jinjiang-embroiderers"
SURVEY_TITLE = "非遗工坊定期调查（成都市）"


def _trademark(workshop: Workshop) -> int:
    if IpRecord.objects.filter(workshop=workshop).exists():
        return 0
    IpRecord.objects.create(
        workshop=workshop,
        kind=IpRecord.Kind.TRADEMARK,
        title="锦江绣娘",
        registration_number="56781234",
        holder="成都市锦江区锦绣蜀绣专业合作社",
        valid_from=dt.date(2019, 5, 14),
        valid_until=dt.date(2029, 5, 13),
    )
    return 1


def _case(workshop: Workshop) -> int:
    index = OutstandingCaseIndexPage.objects.first()
    if index is None or OutstandingCasePage.objects.filter(slug=CASE_SLUG).exists():
        return 0
    video = VideoAsset.objects.filter(title=DEMO_VIDEOS[0][0]).first()
    page = OutstandingCasePage(
        title="绣娘在家门口就业：锦江蜀绣非遗工坊",
        slug=CASE_SLUG,
        region_id=workshop.region_id,
        workshop=workshop,
        summary="合作社把蜀绣订单送到绣娘家中，三年带动 40 多人就业。",
        story=[
            ("heading", "从一根针开始"),
            (
                "paragraph",
                "<p>工坊依托国家级非遗代表性项目蜀绣，按件计酬，"
                "让脱贫户和留守妇女在家门口增收。</p>",
            ),
            ("quote", "绣一幅熊猫，补贴一季家用。"),
        ],
        video=video,
        live=False,
    )
    index.add_child(instance=page)
    county = User.objects.filter(email="county@jiangxin.local").first()
    prefecture = User.objects.filter(email="prefecture@jiangxin.local").first()
    if county is not None and prefecture is not None:
        nominate_case(page=page, user=county)
        decide_case(page=page, user=prefecture, approve=True, comment="同意发布")
    else:
        page.save_revision().publish()
    return 1


def _survey() -> int:
    if Survey.objects.filter(title=SURVEY_TITLE).exists():
        return 0
    today = timezone.localdate()
    survey = Survey.objects.create(
        region_id="510100",
        title=SURVEY_TITLE,
        instructions="请如实填写本期工坊经营和就业情况。",
        period_start=dt.date(today.year, 1, 1),
        period_end=today,
        opens_on=today - dt.timedelta(days=7),
        due_on=today + dt.timedelta(days=21),
        created_by=User.objects.filter(email="prefecture@jiangxin.local").first(),
    )
    questions = [
        ("吸纳就业人数", "number", "人", 0, 10000, "", "employed"),
        ("其中脱贫人口", "number", "人", 0, 10000, "", "poverty_alleviated"),
        ("本期销售额", "number", "万元", 0, 100000, "", ""),
        ("主要销售渠道", "choice", "", None, None, "线下门店\n电商平台\n订单生产", ""),
        ("遇到的主要困难", "text", "", None, None, "", ""),
    ]
    for order, (text, kind, unit, low, high, options, prefill) in enumerate(questions):
        SurveyQuestion.objects.create(
            survey=survey,
            sort_order=order,
            text=text,
            kind=kind,
            unit=unit,
            minimum=low,
            maximum=high,
            options=options,
            prefill=prefill,
            required=kind != "text",
        )
    return 1


@transaction.atomic
def load_demo() -> int:
    """Create the outreach demo objects that do not exist yet; return how many."""
    workshop = Workshop.objects.filter(credit_code=WORKSHOP_CREDIT_CODE).first()
    if workshop is None:
        return _survey()
    return _trademark(workshop) + _case(workshop) + _survey()
