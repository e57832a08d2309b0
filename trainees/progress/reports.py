"""The instructor's course report (学员学习情况): each trainee's verified watch time,
attendance hours, lessons watched, completion and certificate, exportable to XLSX.

One query for the page, scoped to the courses the viewer may see. Watch time and
attendance are the enrolment's stored figures (``verified_seconds``,
``attended_seconds``), the same ones the completion rule and the subsidy rules read.
"""

from django.db.models import (
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf, Round
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from lms.spreadsheets import SafeSpreadsheetExportMixin
from lms.templatetags.jiangxin_format import day
from trainees.certificates.models import Certificate
from trainees.models import Enrolment, LessonProgress
from trainees.viewsets import EnrolmentFilterSet


def _hours(expression):
    return Round(expression / Value(3600.0), 2, output_field=FloatField())


def report_rows(user):
    """Enrolments the user may see, with the report's figures annotated."""
    watched = (
        LessonProgress.objects.filter(
            enrolment=OuterRef("pk"), completed_at__isnull=False
        )
        .order_by()
        .values("enrolment")
        .annotate(total=Sum(Value(1)))
        .values("total")
    )
    serial = Certificate.objects.filter(enrolment=OuterRef("pk")).values("serial")[:1]
    return (
        Enrolment.objects.in_scope(user)
        .select_related("user", "course")
        .annotate(
            verified_hours=_hours(F("verified_seconds")),
            attended_hours=_hours(F("attended_seconds")),
            lessons_watched=Coalesce(Subquery(watched, output_field=IntegerField()), 0),
            certificate_serial=Subquery(serial),
            # The trainee by real name where one is registered, else by account.
            trainee=Coalesce(
                NullIf(F("user__person__real_name"), Value("")),
                F("user__username"),
            ),
        )
        .order_by("course__title", "trainee")
    )


class CourseReportView(SafeSpreadsheetExportMixin, ReportView):
    page_title = _("Course report")
    header_icon = "table"
    index_url_name = "course_report"
    index_results_url_name = "course_report_results"
    filterset_class = EnrolmentFilterSet
    permission_policy = ModelPermissionPolicy(Enrolment)
    any_permission_required = ["view", "change"]
    columns = [
        Column("trainee", label=_("Trainee")),
        Column("course", label=_("Course")),
        Column("get_status_display", label=_("Status")),
        Column("verified_hours", label=_("Verified watch time (h)")),
        Column("attended_hours", label=_("Attendance (h)")),
        Column("lessons_watched", label=_("Video lessons completed")),
        Column(
            "completed",
            label=_("Completed"),
            accessor=lambda row: day(row.completed_at) if row.completed_at else "—",
        ),
        Column("certificate_serial", label=_("Certificate")),
    ]
    list_export = [
        "trainee",
        "course",
        "get_status_display",
        "verified_hours",
        "attended_hours",
        "lessons_watched",
        "completed_at",
        "certificate_serial",
    ]
    export_headings = {
        "trainee": _("Trainee"),
        "course": _("Course"),
        "get_status_display": _("Status"),
        "verified_hours": _("Verified watch time (h)"),
        "attended_hours": _("Attendance (h)"),
        "lessons_watched": _("Video lessons completed"),
        "completed_at": _("Completed"),
        "certificate_serial": _("Certificate"),
    }

    def get_filename(self):
        return "course-report"

    def get_queryset(self):
        self.queryset = report_rows(self.request.user)
        return super().get_queryset()
