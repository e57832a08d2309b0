from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from trainees.access import enrolment_access
from trainees.models import Enrolment
from trainees.reports import CourseReportView
from trainees.viewsets import EnrolmentViewSet

register_permission_policy(Enrolment)
hooks.register("course_access", enrolment_access)


@hooks.register("register_admin_viewset")
def register_enrolment_viewset():
    return EnrolmentViewSet("enrolments")


@hooks.register("register_admin_urls")
def register_course_report_urls():
    return [
        path("reports/courses/", CourseReportView.as_view(), name="course_report"),
        path(
            "reports/courses/results/",
            CourseReportView.as_view(results_only=True),
            name="course_report_results",
        ),
    ]


class CourseReportMenuItem(MenuItem):
    def is_shown(self, request):
        return ModelPermissionPolicy(Enrolment).user_has_any_permission(
            request.user, ["view", "change"]
        )


@hooks.register("register_reports_menu_item")
def register_course_report_menu_item():
    return CourseReportMenuItem(
        _("Course report"),
        reverse("course_report"),
        name="course-report",
        icon_name="table",
        order=100,
    )
