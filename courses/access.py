"""Who may do what with a course: the question courses asks and apps above answer.

Enrolment lives in ``trainees`` (above ``courses``), so the answer comes through the
``course_access`` Wagtail hook that trainees registers; staff of the course's
institution (and superusers) may always look.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from wagtail import hooks

from lms import policy


@dataclass(frozen=True)
class LessonProgressView:
    """A trainee's verified progress in one video lesson, as their pages show it."""

    share: float  # covered share of the video, 0.0–1.0
    position: float  # where to resume, in seconds
    completed: bool


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
