from django.urls import path

from inheritors.views import public, site

app_name = "inheritors"

urlpatterns = [
    path("workshops/mine/", site.my_workshops, name="my-workshops"),
    path(
        "workshops/<int:page_id>/video.m3u8",
        public.workshop_video,
        name="workshop-video",
    ),
    path(
        "workshops/mine/<int:pk>/confirm/",
        site.confirm_workshop,
        name="confirm-workshop",
    ),
]
