from django.urls import path  # noqa: F401

app_name = "practical"

urlpatterns: list = []
