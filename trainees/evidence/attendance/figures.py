"""The enrolment's stored attendance figure (``Enrolment.attended_seconds``), like its
verified watch time a figure kept up to date as the evidence changes, so that a
region's subsidy report reads one column instead of adding up every check-in."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Now

from trainees.evidence.attendance.models import Attendance
from trainees.models import Enrolment


def refresh_attended_seconds(enrolment_ids: Iterable[int] | None = None) -> int:
    """Recount the attendance of these enrolments (all when None) from their
    records, in one statement; the number of enrolments updated."""
    total = (
        Attendance.objects.filter(enrolment_id=OuterRef("pk"))
        .order_by()
        .values("enrolment_id")
        .annotate(seconds=Sum("credited_seconds"))
        .values("seconds")
    )
    enrolments = Enrolment.objects.all()
    if enrolment_ids is not None:
        enrolments = enrolments.filter(pk__in=list(enrolment_ids))
    # Only the figures that change, so that ``updated_at`` stays a true signal.
    seconds = Coalesce(Subquery(total), Value(0))
    return enrolments.exclude(attended_seconds=seconds).update(
        attended_seconds=seconds, updated_at=Now()
    )
