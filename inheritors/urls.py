from django.urls import path

from inheritors.views import site

app_name = "inheritors"

urlpatterns = [
    path("workshops/mine/", site.my_workshops, name="my-workshops"),
    path(
        "workshops/mine/<int:pk>/confirm/",
        site.confirm_workshop,
        name="confirm-workshop",
    ),
]
