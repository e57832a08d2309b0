"""Demo courses for ``make run``: a distance course with two real videos (generated
with ffmpeg by ``media.demo``, transcoded by the Celery worker) and an on-site course
with sessions. Idempotent: courses are found by title before anything is created."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from courses.models import (
    CoursePage,
    CourseSession,
    EnrolmentPolicy,
    LessonKind,
    LessonPage,
    TrainingMode,
)
from lms.ich import IchCategory
from lms.models import Institution
from lms.skills import SkillLevel
from media import demo as media_demo

DISTANCE_TITLE = "蜀绣针法入门（远程）"
ONSITE_TITLE = "蜀锦织造现场课"


def _add(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _distance_course(school: Institution) -> int:
    course = _add(
        school.course_index,
        CoursePage(
            title=DISTANCE_TITLE,
            summary="在手机上学习蜀绣的基本针法：起针、收针、套针与掺针。",
            mode=TrainingMode.DISTANCE,
            ich_category=IchCategory.TRADITIONAL_ART,
            craft="蜀绣",
            occupation="刺绣工",
            skill_level=SkillLevel.LEVEL_5,
            planned_hours=16,
            region=school.region,
            enrolment_policy=EnrolmentPolicy.OPEN,
        ),
    )
    media_demo.load_demo(institution=school)
    videos = media_demo.demo_assets(school)
    for video in videos:
        course.add_child(
            instance=LessonPage(title=video.title, kind=LessonKind.VIDEO, video=video)
        )
    course.add_child(
        instance=LessonPage(
            title="阅读：蜀绣的历史与流派",
            kind=LessonKind.READING,
            body="<p>蜀绣又称川绣，是以四川成都为中心的刺绣品种，"
            "2006 年列入第一批国家级非物质文化遗产名录。</p>",
        )
    )
    course.add_child(
        instance=LessonPage(
            title="实操：绣一片芙蓉叶",
            kind=LessonKind.PRACTICAL,
            instructions="<p>用掺针绣一片芙蓉叶，拍摄正面和背面照片上传。</p>",
        )
    )
    return 1 + 2 * len(videos) + 2


def _onsite_course(school: Institution) -> int:
    course = _add(
        school.course_index,
        CoursePage(
            title=ONSITE_TITLE,
            summary="在工坊现场学习蜀锦织机的操作，三次集中授课。",
            mode=TrainingMode.ONSITE,
            ich_category=IchCategory.TRADITIONAL_CRAFTS,
            craft="蜀锦",
            occupation="织造工",
            skill_level=SkillLevel.LEVEL_4,
            planned_hours=9,
            region=school.region,
            enrolment_policy=EnrolmentPolicy.APPROVAL,
            capacity=20,
        ),
    )
    first = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    for n in range(3):
        starts = first + dt.timedelta(days=7 * (n + 1))
        CourseSession.objects.create(
            course=course,
            sort_order=n,
            title=f"第 {n + 1} 次课",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=3),
            venue="锦江区蜀锦织造工坊",
            address="成都市锦江区东大街 1 号",
            latitude="30.654900",
            longitude="104.081000",
            capacity=20,
        )
    return 4


def load_demo(school: Institution) -> int:
    created = 0
    if not CoursePage.objects.filter(title=DISTANCE_TITLE).exists():
        created += _distance_course(school)
    if not CoursePage.objects.filter(title=ONSITE_TITLE).exists():
        created += _onsite_course(school)
    return created
