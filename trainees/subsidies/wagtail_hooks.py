from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.models import StatusPeriod
from trainees.subsidies.models import (
    CalendarDay,
    Claim,
    ClaimEvent,
    Policy,
    RegionRules,
)
from trainees.subsidies.viewsets import NationalCalendarPolicy, SubsidyViewSetGroup

register_permission_policy(CalendarDay, NationalCalendarPolicy(CalendarDay))
register_permission_policy(Claim)
register_permission_policy(ClaimEvent)
register_permission_policy(Policy)
register_permission_policy(RegionRules)
register_permission_policy(StatusPeriod)


@hooks.register("register_admin_viewset")
def register_subsidy_viewsets():
    return SubsidyViewSetGroup()


# What the review steps write to Wagtail's audit log.
LOG_ACTIONS = [
    ("subsidies.submit", _("Submit claim"), _("Claim submitted")),
    ("subsidies.start_review", _("Start review"), _("Claim review started")),
    ("subsidies.approve", _("Approve claim"), _("Claim approved")),
    ("subsidies.reject", _("Reject claim"), _("Claim rejected")),
    ("subsidies.return", _("Return claim"), _("Claim returned for correction")),
    ("subsidies.start_notice", _("Start public notice"), _("Public notice started")),
    ("subsidies.record_payment", _("Record payment"), _("Claim paid")),
    ("subsidies.resubmit", _("Resubmit claim"), _("Claim resubmitted")),
    ("subsidies.payable", _("Claim payable"), _("Public notice ended; claim payable")),
]


@hooks.register("register_log_actions")
def register_claim_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)
