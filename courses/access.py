"""Who may do what with a course: the question courses asks and apps above answer.

Enrolment lives in ``trainees`` (above ``courses``), so the answer comes through the
``course_access`` Wagtail hook that trainees registers; staff of the course's
institution (and superusers) may always look.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from wagtail import hooks

from lms import policy


@dataclass(frozen=True)
class LessonProgressView:
    """A trainee's verified progress in one video lesson, as their pages show it."""

    share: float  # covered share of the video, 0.0–1.0
    position: float  # where to resume, in seconds
    completed: bool
    required: float = 0.9  # the share that completes the lesson, 0.0–1.0
    updated_at: datetime | None = None

    @property
    def progress(self) -> float:
        """How far towards completing the lesson, 0.0–1.0: what the page shows as a
        percentage, so that a complete lesson reads 100 % and an unfinished one less."""
        if self.completed:
            return 1.0
        if not self.required:
            return self.share
        return min(self.share / self.required, 0.99)

    @property
    def percent(self) -> int:
        return int(self.progress * 100)


@dataclass(frozen=True)
class CourseAccess:
    """What the viewer of a course page may do, and what to tell them."""

    can_learn: bool = False  # watch videos, read lessons, submit tasks
    status: str = ""  # e.g. enrolled, requested, waitlisted
    status_label: str = ""
    can_enrol: bool = False
    can_withdraw: bool = False
    is_staff: bool = False
    verified_seconds: int = 0  # verified watch time over the course's videos
    progress: Mapping[int, LessonProgressView] = field(
        default_factory=lambda: MappingProxyType({})
    )  # by lesson id


def course_access(user, course) -> CourseAccess:
    if policy.is_course_staff(user, course):
        return CourseAccess(can_learn=True, is_staff=True)
    for provider in hooks.get_hooks("course_access"):
        access = provider(user, course)
        if access is not None:
            return access
    return CourseAccess()


def resume_lesson(lessons, progress: Mapping[int, LessonProgressView]):
    """Where to continue: the unfinished lesson watched last, else the first lesson
    not yet complete (a video without a tick, or any lesson after the last ticked
    one); None once every video lesson is complete and nothing follows."""
    lessons = list(lessons)
    unfinished = [
        (view.updated_at, lesson)
        for lesson in lessons
        if (view := progress.get(lesson.pk)) and not view.completed and view.updated_at
    ]
    if unfinished:
        return max(unfinished, key=lambda pair: pair[0])[1]
    done = [i for i, lesson in enumerate(lessons) if _complete(lesson, progress)]
    after = done[-1] + 1 if done else 0
    for lesson in lessons[after:]:
        if not _complete(lesson, progress):
            return lesson
    return None


def _complete(lesson, progress: Mapping[int, LessonProgressView]) -> bool:
    view = progress.get(lesson.pk)
    return bool(view and view.completed)


def still_needed(user, course) -> list[str]:
    """What the trainee still needs to finish the course, in words (empty once it is
    finished, or for anyone not learning on it). The completion rule lives above
    ``courses``; its app answers through the ``course_still_needed`` hook."""
    for provider in hooks.get_hooks("course_still_needed"):
        answer = provider(user, course)
        if answer is not None:
            return answer
    return []
