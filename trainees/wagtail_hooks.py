from wagtail import hooks
from wagtail.permissions import register_permission_policy

from trainees.access import enrolment_access
from trainees.models import Enrolment
from trainees.viewsets import EnrolmentViewSet

register_permission_policy(Enrolment)
hooks.register("course_access", enrolment_access)


@hooks.register("register_admin_viewset")
def register_enrolment_viewset():
    return EnrolmentViewSet("enrolments")
