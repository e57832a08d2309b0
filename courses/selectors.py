"""Read-only questions about courses that other apps ask in bulk."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Value
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from courses.models import LessonPage


def live_lesson_counts(course_ids: Iterable[int], **filters) -> dict[int, int]:
    """Live lessons per course id (lessons are the course page's children), in two
    queries; ``filters`` narrow the lessons, e.g. ``kind=LessonKind.PRACTICAL``."""
    paths = dict(Page.objects.filter(pk__in=set(course_ids)).values_list("path", "pk"))
    if not paths:
        return {}
    step = Page.steplen
    rows = (
        LessonPage.objects.live()
        .filter(**filters)
        .annotate(parent_path=Substr("path", 1, Length("path") - Value(step)))
        .filter(parent_path__in=list(paths))
        .order_by()
        .values("parent_path")
        .annotate(total=Count("pk"))
    )
    return {paths[row["parent_path"]]: row["total"] for row in rows}
