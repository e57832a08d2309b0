from wagtail import hooks

from lms.roof.viewsets import PersonViewSet


@hooks.register("register_admin_viewset")
def register_people_viewset():
    return PersonViewSet("people")
