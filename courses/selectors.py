"""Read-only questions about courses that other apps ask in bulk."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, QuerySet, Sum, Value
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from courses.models import LessonKind, LessonPage


def _live_lessons_by_course(
    course_ids: Iterable[int], **filters
) -> tuple[QuerySet, dict[str, int]]:
    """Live lessons of the courses grouped by their parent's path (lessons are the
    course page's children), and the course id of each path: one query for the
    paths, the caller's aggregate for the lessons."""
    paths = dict(Page.objects.filter(pk__in=set(course_ids)).values_list("path", "pk"))
    lessons = (
        LessonPage.objects.live()
        .filter(**filters)
        .annotate(parent_path=Substr("path", 1, Length("path") - Value(Page.steplen)))
        .filter(parent_path__in=list(paths))
        .order_by()
        .values("parent_path")
    )
    return lessons, paths


def live_lesson_counts(course_ids: Iterable[int], **filters) -> dict[int, int]:
    """Live lessons per course id, in two queries; ``filters`` narrow the lessons,
    e.g. ``kind=LessonKind.PRACTICAL``."""
    lessons, paths = _live_lessons_by_course(course_ids, **filters)
    if not paths:
        return {}
    rows = lessons.annotate(total=Count("pk"))
    return {paths[row["parent_path"]]: row["total"] for row in rows}


def live_video_seconds(course_ids: Iterable[int]) -> dict[int, int]:
    """Total length of each course's live video lessons, in two queries."""
    lessons, paths = _live_lessons_by_course(
        course_ids, kind=LessonKind.VIDEO, video__isnull=False
    )
    if not paths:
        return {}
    rows = lessons.annotate(total=Sum("video__duration"))
    return {paths[row["parent_path"]]: int(row["total"] or 0) for row in rows}
