from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

from trainees.models import Enrolment
from trainees.progress.completion import still_needed
from trainees.progress.reports import CourseReportView

hooks.register("course_still_needed", still_needed)


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
