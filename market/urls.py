from django.urls import path

from market.views import catalogue, events, leader

app_name = "market"

urlpatterns = [
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/<int:pk>/", catalogue.product, name="product"),
    path("events/", events.event_index, name="events"),
    path("events/<int:pk>/", events.event_detail, name="event"),
    path("workshops/mine/inquiries/", leader.my_inquiries, name="my-inquiries"),
    path("workshops/mine/inquiries/<int:pk>/", leader.inquiry, name="inquiry"),
    path("workshops/mine/events/", leader.my_events, name="my-events"),
    path(
        "workshops/mine/events/<int:event_pk>/<int:workshop_pk>/",
        leader.take_part,
        name="take-part",
    ),
]
