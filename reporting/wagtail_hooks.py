"""The region's statistics in the admin: the dashboards (menu, home panel) and
the statistics reports (view set, audit actions)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from lms import policy
from lms.policy import ActionsPermissionPolicy
from reporting.dashboard.panels import RegionFiguresPanel
from reporting.dashboard.views import RegionDashboardView
from reporting.models import StatisticsReport
from reporting.reports.views import NAMESPACE, StatisticsReportViewSet


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [
        path("dashboard/", RegionDashboardView.as_view(), name="region_dashboard"),
        path(
            "dashboard/<str:code>/",
            RegionDashboardView.as_view(),
            name="region_dashboard_of",
        ),
    ]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.reads_region_figures(request.user)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        _("Region dashboard"),
        reverse("region_dashboard"),
        name="region-dashboard",
        icon_name="table",
        order=90,
    )


@hooks.register("construct_homepage_panels")
def add_region_figures_panel(request, panels):
    if policy.reads_region_figures(request.user):
        panels.append(RegionFiguresPanel(request.user))


# Reports are written by their services only: the admin lists, shows and adds
# (generates) them; submitting, accepting and returning are buttons on the page.
register_permission_policy(
    StatisticsReport,
    ActionsPermissionPolicy(StatisticsReport, allowed={"view", "add"}),
)


@hooks.register("register_admin_viewset")
def register_statistics_reports():
    return StatisticsReportViewSet(NAMESPACE)


LOG_ACTIONS = [
    ("reporting.generated", _("Generate statistics report"), _("Report generated")),
    (
        "reporting.regenerated",
        _("Generate statistics report again"),
        _("Report generated again"),
    ),
    ("reporting.submitted", _("Submit statistics report"), _("Report submitted")),
    ("reporting.returned", _("Return statistics report"), _("Report returned")),
    ("reporting.accepted", _("Accept statistics report"), _("Report accepted")),
    ("reporting.export", _("Export statistics report"), _("Report file requested")),
]


@hooks.register("register_log_actions")
def register_report_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)
