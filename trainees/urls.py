from django.urls import path

from trainees import views

app_name = "trainees"

urlpatterns = [
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/<int:course_id>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "learn/lessons/<int:lesson_id>/master.m3u8",
        views.lesson_playlist,
        name="lesson-playlist",
    ),
    path(
        "learn/lessons/<int:lesson_id>/play",
        views.start_playback,
        name="start-playback",
    ),
    path(
        "learn/keys/<str:binding>/<int:window>",
        views.delivery_key,
        name="delivery-key",
    ),
    path(
        "learn/lessons/<int:lesson_id>/heartbeat",
        views.heartbeat,
        name="heartbeat",
    ),
    path(
        "learn/checks/<int:check_id>/answer",
        views.answer_check,
        name="answer-check",
    ),
    path(
        "learn/checks/<int:check_id>/capture",
        views.check_capture,
        name="check-capture",
    ),
]
