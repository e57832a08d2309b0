from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms import policy
from reporting.dashboard.panels import RegionFiguresPanel
from reporting.dashboard.views import RegionDashboardView


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
