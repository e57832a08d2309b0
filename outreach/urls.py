from django.urls import path

from outreach import views

app_name = "outreach"

urlpatterns = [
    path("brands/mine/", views.my_brands, name="my-brands"),
    path("brands/mine/new/", views.edit_brand, name="add-brand"),
    path("brands/mine/<int:pk>/", views.edit_brand, name="edit-brand"),
    path("surveys/mine/", views.my_surveys, name="my-surveys"),
    path(
        "surveys/<int:survey_id>/workshops/<int:workshop_id>/",
        views.answer,
        name="answer-survey",
    ),
    path("feeds/outstanding-cases.atom", views.CaseFeed(), name="case-feed"),
    path("case-videos/<int:page_id>.m3u8", views.case_video, name="case-video"),
]
