from django.urls import path

from trainees.evidence.practical import views

app_name = "practical"

urlpatterns = [
    path("learn/lessons/<int:lesson_id>/practical/", views.task, name="task"),
    path("learn/practical/", views.my_results, name="mine"),
    path("learn/practical/photos/<int:photo_id>/", views.photo, name="photo"),
]
