from django.urls import path

from trainees import views

app_name = "trainees"

urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
]
