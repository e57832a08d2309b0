from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from lms import policy
from trainees import identity_review
from trainees.access import enrolment_access
from trainees.models import Enrolment
from trainees.viewsets import EnrolmentViewSet

register_permission_policy(Enrolment)
hooks.register("course_access", enrolment_access)


@hooks.register("register_admin_viewset")
def register_enrolment_viewset():
    return EnrolmentViewSet("enrolments")


@hooks.register("register_admin_urls")
def register_identity_review_urls():
    return [
        path("identity-captures/", identity_review.queue, name="identity_review"),
        path(
            "identity-captures/<int:check_id>/decide/",
            identity_review.decide,
            name="identity_review_decide",
        ),
    ]


class IdentityReviewMenuItem(MenuItem):
    """The face captures to review, for staff of an institution or a region."""

    def is_shown(self, request):
        return policy.has_staff_scope(request.user)


@hooks.register("register_admin_menu_item")
def register_identity_review_menu_item():
    return IdentityReviewMenuItem(
        _("Identity captures"),
        reverse("identity_review"),
        icon_name="user",
        order=222,
    )


# What the enrolment services write to Wagtail's audit log.
LOG_ACTIONS = [
    ("trainees.enrol", _("Enrol"), _("Enrolled")),
    ("trainees.request", _("Ask for a place"), _("Place requested")),
    ("trainees.approve_request", _("Approve request"), _("Place request approved")),
    ("trainees.reject_request", _("Turn request down"), _("Place request turned down")),
    ("trainees.add_to_cohort", _("Add to cohort"), _("Added to the cohort")),
    ("trainees.withdraw", _("Withdraw"), _("Withdrawn from the course")),
    ("trainees.promote", _("Promote from waiting list"), _("Given a freed place")),
    (
        "trainees.answer_check",
        _("Answer attention check"),
        _("Attention check answered"),
    ),
    ("trainees.review_capture", _("Review face capture"), _("Face capture reviewed")),
]


@hooks.register("register_log_actions")
def register_enrolment_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)
