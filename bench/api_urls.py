"""The project's URLs plus the baseline of bench/api.py: a bare Django view that
pages through the same enrolments (same order, same fields) as plain JSON, with no
token, no permission check, no schema."""

import datetime as dt
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import JsonResponse
from django.urls import include, path

from trainees.models import Enrolment

HOUR = Decimal(3600)


def bare(request) -> JsonResponse:
    rows = Enrolment.objects.select_related("user__person").order_by("updated_at", "pk")
    after = request.GET.get("after")
    if after:
        stamp, pk = after.rsplit("|", 1)
        stamp = dt.datetime.fromisoformat(stamp)
        rows = rows.filter(updated_at__gte=stamp).filter(
            Q(updated_at__gt=stamp) | Q(pk__gt=pk)
        )
    limit = int(request.GET.get("limit", 100))
    rows = list(rows[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    items = []
    for e in rows:
        person = getattr(e.user, "person", None)
        items.append(
            {
                "id": e.pk,
                "trainee": e.user_id,
                "person": {
                    "real_name": person.real_name,
                    "id_number": person.id_number_masked,
                    "id_number_masked": True,
                }
                if person
                else None,
                "course": e.course_id,
                "status": e.status,
                "source": e.source,
                "requested_at": e.requested_at,
                "decided_at": e.decided_at,
                "verified_hours": str(
                    (Decimal(e.verified_seconds) / HOUR).quantize(Decimal("0.01"))
                ),
                "attended_hours": str(
                    (Decimal(e.attended_seconds) / HOUR).quantize(Decimal("0.01"))
                ),
                "completed_at": e.completed_at,
                "updated_at": e.updated_at,
            }
        )
    last = rows[-1] if more else None
    return JsonResponse(
        {
            "items": items,
            "next": f"{last.updated_at.isoformat()}|{last.pk}" if last else None,
        },
        encoder=DjangoJSONEncoder,
    )


urlpatterns = [
    path("bench/bare-enrolments", bare),
    path("", include("lms.roof.urls")),
]
