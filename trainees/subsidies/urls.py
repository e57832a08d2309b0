from django.urls import path

from trainees.subsidies import views

app_name = "subsidies"

urlpatterns = [
    path("learn/subsidies/", views.my_subsidies, name="mine"),
    path("learn/subsidies/<int:enrolment_id>/apply/", views.apply, name="apply"),
]
