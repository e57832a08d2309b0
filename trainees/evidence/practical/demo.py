"""Demo practical work for ``make run``: the demo trainee's hand-in for the distance
course's practical task, graded "not yet" with a comment, and a rubric on the course
scored by the school. Idempotent: everything is found by natural keys first."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from courses.models import CoursePage, LessonKind
from lms.models import User
from trainees.evidence.practical.models import Criterion, Rubric, Submission
from trainees.evidence.practical.services import (
    grade_submission,
    record_assessment,
    submit_practical_work,
)
from trainees.models import Enrolment

COURSE_TITLE = "蜀绣针法入门（远程）"  # courses.demo.DISTANCE_TITLE
TRAINEE, STAFF = "trainee", "school"  # usernames of lms.roof.demo's accounts
CRITERIA = [
    ("针法规范", Decimal(40), "掺针均匀、针脚整齐为满分；有明显跳针扣分。"),
    ("配色与晕色", Decimal(30), "颜色过渡自然为满分。"),
    ("整体效果", Decimal(30), "叶形完整、绣面平整、无线头。"),
]


def _leaf_photo() -> ContentFile:
    image = Image.new("RGB", (480, 360), (245, 238, 225))
    ImageDraw.Draw(image).ellipse((120, 80, 360, 280), fill=(70, 140, 80))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name="leaf.jpg")


def _rubric(course: CoursePage) -> tuple[Rubric, int]:
    rubric = Rubric.objects.filter(course=course).first()
    if rubric is not None:
        return rubric, 0
    rubric = Rubric.objects.create(
        course=course, title="蜀绣针法实操考核", pass_mark=Decimal(60)
    )
    for n, (title, maximum, descriptors) in enumerate(CRITERIA):
        Criterion.objects.create(
            rubric=rubric,
            sort_order=n,
            title=title,
            max_marks=maximum,
            descriptors=descriptors,
        )
    return rubric, 1 + len(CRITERIA)


def load_demo() -> int:
    course = CoursePage.objects.filter(title=COURSE_TITLE).first()
    trainee = User.objects.filter(username=TRAINEE).first()
    staff = User.objects.filter(username=STAFF).first()
    enrolment = Enrolment.objects.enrolled().filter(user=trainee, course=course).first()
    if course is None or staff is None or enrolment is None:
        return 0
    created = 0
    task = course.lessons().filter(kind=LessonKind.PRACTICAL).first()
    if task is not None and not Submission.objects.filter(enrolment=enrolment).exists():
        work = submit_practical_work(
            enrolment=enrolment,
            lesson=task.specific,
            text="用掺针绣了一片芙蓉叶，正面照片如下。",
            photos=[_leaf_photo()],
        )
        grade_submission(
            submission=work,
            graded_by=staff,
            score=Decimal(55),
            comment="针脚再密一些，叶尖的晕色可以更自然。请重新提交。",
        )
        created += 2
    rubric, new = _rubric(course)
    created += new
    if not rubric.assessments.filter(enrolment=enrolment).exists():
        record_assessment(
            rubric=rubric,
            enrolment=enrolment,
            assessor=staff,
            marks={
                criterion.pk: maximum * Decimal("0.8")
                for criterion, (_, maximum, _) in zip(
                    rubric.criteria.order_by("sort_order"), CRITERIA, strict=True
                )
            },
            comment="基本功扎实。",
        )
        created += 1
    return created
