from django.urls import path

from trainees.progress import views

app_name = "progress"

urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
]
