from django.urls import path

from trainees.evidence.quizzes import views

app_name = "quizzes"

urlpatterns = [
    path(
        "learn/quizzes/course/<int:course_id>/",
        views.course_quizzes,
        name="course-quizzes",
    ),
    path("learn/quizzes/<int:quiz_id>/", views.quiz_detail, name="quiz"),
    path("learn/quizzes/<int:quiz_id>/start/", views.start, name="start"),
    path(
        "learn/quizzes/attempts/<int:attempt_id>/",
        views.attempt_view,
        name="attempt",
    ),
]
