from django.utils.translation import gettext_lazy as _
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


# What the enrolment services write to Wagtail's audit log.
LOG_ACTIONS = [
    ("trainees.enrol", _("Enrol"), _("Enrolled")),
    ("trainees.request", _("Ask for a place"), _("Place requested")),
    ("trainees.approve_request", _("Approve request"), _("Place request approved")),
    ("trainees.reject_request", _("Turn request down"), _("Place request turned down")),
    ("trainees.add_to_cohort", _("Add to cohort"), _("Added to the cohort")),
    ("trainees.withdraw", _("Withdraw"), _("Withdrawn from the course")),
    ("trainees.promote", _("Promote from waiting list"), _("Given a freed place")),
]


@hooks.register("register_log_actions")
def register_enrolment_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)
