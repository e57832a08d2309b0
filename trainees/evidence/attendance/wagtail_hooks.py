from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from lms import policy
from trainees.evidence.attendance.models import Attendance
from trainees.evidence.attendance.services import MARK_ACTION
from trainees.evidence.attendance.viewsets import AttendanceViewSetGroup

register_permission_policy(
    Attendance, policy.ActionsPermissionPolicy(Attendance, allowed={"view"})
)


@hooks.register("register_admin_viewset")
def register_attendance_viewsets():
    return AttendanceViewSetGroup()


@hooks.register("register_log_actions")
def register_attendance_log_actions(actions):
    actions.register_action(
        MARK_ACTION, _("Mark attendance by hand"), _("Attendance marked by hand")
    )


class CheckInMenuItem(MenuItem):
    """The session check-in screens, for staff of an institution."""

    def is_shown(self, request):
        return policy.works_for_an_institution(request.user)


@hooks.register("register_admin_menu_item")
def register_check_in_menu_item():
    return CheckInMenuItem(
        _("Check-in"), reverse("attendance:sessions"), icon_name="tick", order=221
    )
