from django.urls import path

from trainees.evidence.attendance import views

app_name = "attendance"

urlpatterns = [
    path("teach/sessions/", views.sessions, name="sessions"),
    path(
        "teach/sessions/<int:session_id>/check-in/",
        views.screen,
        {"direction": "in"},
        name="check-in",
    ),
    path(
        "teach/sessions/<int:session_id>/check-out/",
        views.screen,
        {"direction": "out"},
        name="check-out",
    ),
    path(
        "teach/sessions/<int:session_id>/check-in/code/",
        views.code,
        {"direction": "in"},
        name="check-in-code",
    ),
    path(
        "teach/sessions/<int:session_id>/check-out/code/",
        views.code,
        {"direction": "out"},
        name="check-out-code",
    ),
    path(
        "teach/sessions/<int:session_id>/mark/<int:enrolment_id>/",
        views.mark,
        name="mark",
    ),
    path("learn/sessions/<int:session_id>/", views.mine, name="mine"),
    path(
        "learn/sessions/<int:session_id>/scan/<str:token>/",
        views.scan,
        name="scan",
    ),
]
