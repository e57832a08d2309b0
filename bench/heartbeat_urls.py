"""The project's URLs plus the baseline of bench/heartbeats.py: a bare Django view
doing one indexed UPDATE of the same table heartbeats write."""

from django.db import connection
from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def bare(request, session_id: int) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE trainees_playbacksession SET last_sequence = last_sequence + 1"
            " WHERE id = %s",
            [session_id],
        )
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/bare/<int:session_id>", bare),
    path("", include("lms.roof.urls")),
]
