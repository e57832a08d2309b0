from django.urls import path

from trainees.certificates import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.lookup, name="lookup"),
    path("verify/<str:serial>/", views.verify, name="verify"),
    path("me/certificates/", views.my_certificates, name="mine"),
    path("me/certificates/<str:serial>.pdf", views.download, name="download"),
]
