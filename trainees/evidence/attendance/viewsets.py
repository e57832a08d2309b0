"""Attendance in the Wagtail admin: a scoped, exportable, read-only record.

Attendance is written only by scanning codes and by the instructor's marking on the
check-in screen, both through ``trainees.evidence.attendance.services``; nobody
edits a row here, not even a superuser."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSetGroup

from courses.models import CoursePage, CourseSession
from lms import policy
from lms.scoping import ScopedModelViewSet
from trainees.evidence.attendance.models import Attendance, AttendanceMethod


def _courses(request):
    return CoursePage.objects.in_scope(request.user).order_by("title")


def _sessions(request):
    return (
        policy.visible(request.user, CourseSession)
        .select_related("course")
        .order_by("-starts_at")
    )


class AttendanceFilterSet(WagtailFilterSet):
    """Filters whose choices, too, stay inside the viewer's scope."""

    course = django_filters.ModelChoiceFilter(
        label=_("course"), field_name="session__course", queryset=_courses
    )
    session = django_filters.ModelChoiceFilter(label=_("session"), queryset=_sessions)
    method = django_filters.ChoiceFilter(
        label=_("method"), choices=AttendanceMethod.choices
    )

    class Meta:
        model = Attendance
        fields = ["course", "session", "method"]


class AttendanceViewSet(ScopedModelViewSet):
    """Who attended which session (出勤记录), for institution staff and officers."""

    model = Attendance
    icon = "tick"
    menu_label = _("Attendance")
    filterset_class = AttendanceFilterSet
    # Never offered: the permission policy allows viewing only.
    form_fields = ["checked_in_at", "checked_out_at", "manual_reason"]
    list_display = [
        "trainee_name",
        "session",
        "method",
        "checked_in_at",
        "checked_out_at",
        "credited_hours",
    ]
    list_export = [
        "trainee_name",
        "trainee_id_number",
        "user",
        "course_title",
        "session",
        "method",
        "checked_in_at",
        "checked_out_at",
        "credited_seconds",
        "credited_hours",
        "manual_reason",
        "recorded_by",
    ]
    search_fields = ["user__email", "user__person__real_name", "manual_reason"]
    export_filename = "attendance"
    inspect_view_enabled = True
    copy_view_enabled = False

    @property
    def permission_policy(self):
        return policy.ActionsPermissionPolicy(Attendance, allowed={"view"})

    def get_queryset(self, request):
        return Attendance.objects.for_listing()


class AttendanceViewSetGroup(ModelViewSetGroup):
    menu_label = _("Attendance")
    menu_icon = "tick"
    menu_order = 220
    items = (AttendanceViewSet("attendance-records"),)
