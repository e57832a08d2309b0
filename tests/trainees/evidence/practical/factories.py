"""Helpers for the practical-work tests: a practical course with a task, enrolled
trainees, pictures and videos made on the spot."""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from courses.models import TrainingMode
from lms.roles import Role
from tests import factories
from trainees.evidence.practical.models import Aggregation, Criterion, Rubric
from trainees.models import Enrolment, EnrolmentSource, EnrolmentStatus


def practical_course(school, **fields):
    fields.setdefault("mode", TrainingMode.PRACTICAL)
    fields.setdefault("title", "蜀绣实训")
    return factories.course(school, **fields)


def task(course, title: str = "实操：绣一片芙蓉叶"):
    return factories.lesson(course, kind="practical", title=title)


def enrolled(course, user=None) -> Enrolment:
    return Enrolment.objects.create(
        user=user or factories.trainee(),
        course=course,
        status=EnrolmentStatus.ENROLLED,
        source=EnrolmentSource.COHORT,
    )


def instructor(school):
    return factories.institution_staff(school, Role.INSTRUCTOR)


def photo(name: str = "leaf.jpg", fmt: str = "JPEG", size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 60)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def text_file(name: str = "leaf.jpg", content: bytes = b"not a picture at all"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def video(directory: Path, seconds: float = 1) -> SimpleUploadedFile:
    from media.ffmpeg import ffmpeg_binary

    clip = Path(directory) / "work.mp4"
    subprocess.run(
        [ffmpeg_binary(), "-v", "error", "-y", "-f", "lavfi"]
        + ["-i", f"testsrc=size=160x120:rate=10:duration={seconds}"]
        + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
        + [str(clip)],
        check=True,
        timeout=60,
    )
    return SimpleUploadedFile("work.mp4", clip.read_bytes(), content_type="video/mp4")


def rubric(course, maxima=(40, 60), pass_mark=60, lead=None) -> Rubric:
    made = Rubric(
        course=course,
        title="刺绣实操考核",
        pass_mark=Decimal(pass_mark),
        aggregation=Aggregation.LEAD if lead else Aggregation.AVERAGE,
        lead_assessor=lead,
    )
    made.save()
    for n, maximum in enumerate(maxima):
        Criterion.objects.create(
            rubric=made, sort_order=n, title=f"评分项{n + 1}", max_marks=maximum
        )
    return made
