"""The region dashboard in the admin (区域数据看板): the figures of the viewer's
region, or of a region below it they drill down to, each with a ranked bar chart
by the next level of regions, a line over 24 months and the tables behind both."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from lms import policy
from lms.models import Region
from lms.scoping import region_prefix
from reporting.figures import Dashboard, Figure, region_dashboard
from reporting.figures.engine import Link


def list_url(link: Link | None, region_code: str | None) -> str | None:
    """The scoped admin list behind a number, filtered to what it counts."""
    if link is None:
        return None
    params = dict(link.params)
    if link.region_param and region_code:
        params[link.region_param] = region_code
    url = reverse(link.url_name)
    return f"{url}?{urlencode(params)}" if params else url


def dashboard_url(region_code: str | None) -> str:
    if region_code is None:
        return reverse("region_dashboard")
    return reverse("region_dashboard_of", args=[region_code])


def present(dashboard: Dashboard, user) -> dict:
    """What the template and the charts read: per figure, the links of its number
    and of each region's number, and whether a region can be opened."""
    own = dashboard.region.code if dashboard.region else None
    months = [month.strftime("%Y-%m") for month in dashboard.months]
    sections, charts = [], []
    for section in dashboard.sections:
        figures = []
        for figure in section.figures:
            figures.append(_present_figure(figure, dashboard, user, own))
            charts.append(_chart(figure, dashboard, months))
        sections.append(
            {"key": section.key, "title": section.title, "figures": figures}
        )
    return {"sections": sections, "charts": charts, "months": months}


def _present_figure(figure: Figure, dashboard: Dashboard, user, own) -> dict:
    regions = []
    for code, value in figure.by_region:
        opens = code != own and policy.may_read_region_figures(user, code)
        regions.append(
            {
                "code": code,
                "name": dashboard.children.get(code, code),
                "value": value,
                "url": list_url(figure.link, code),
                "dashboard_url": dashboard_url(code) if opens else None,
            }
        )
    monthly = None
    if figure.by_month is not None:
        monthly = [
            {"month": month.strftime("%Y-%m"), "value": value}
            for month, value in figure.by_month
        ]
    return {
        "key": figure.key,
        "label": figure.label,
        "total": figure.total,
        "unit": figure.unit,
        "url": list_url(figure.link, own),
        "regions": regions,
        "monthly": monthly,
        "has_chart": any(value for _code, value in figure.by_region)
        or any(value for _month, value in figure.by_month or []),
    }


def _chart(figure: Figure, dashboard: Dashboard, months: list[str]) -> dict:
    return {
        "key": figure.key,
        "label": figure.label,
        "regions": [
            dashboard.children.get(code, code) for code, _v in figure.by_region
        ],
        "values": [float(value) for _code, value in figure.by_region],
        "months": months if figure.by_month is not None else [],
        "monthly": [float(value) for _m, value in figure.by_month or []],
    }


def _trail(region: Region | None, user) -> list[dict]:
    """The regions above the one shown that the user may open, then itself."""
    if region is None:
        return []
    length = len(region.prefix)
    codes = [region.code[:n].ljust(6, "0") for n in (2, 4) if n < length]
    above = Region.objects.filter(code__in=codes).order_by("code")
    trail = [
        {"name": r.name, "url": dashboard_url(r.code)}
        for r in above
        if policy.may_read_region_figures(user, r.code)
    ]
    if policy.may_read_region_figures(user, None):
        trail.insert(0, {"name": _("Whole country"), "url": dashboard_url(None)})
    return trail


class RegionDashboardView(WagtailAdminTemplateMixin, TemplateView):
    """A region's figures; a region outside the viewer's scope does not exist."""

    template_name = "reporting/dashboard.html"
    header_icon = "table"

    def dispatch(self, request, *args, code: str | None = None, **kwargs):
        if not policy.reads_region_figures(request.user):
            raise PermissionDenied
        code = code or policy.figures_region_code(request.user)
        self.region = get_object_or_404(Region, code=code) if code else None
        if not policy.may_read_region_figures(request.user, code):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Region dashboard")

    def get_page_subtitle(self):
        return self.region.name if self.region else _("Whole country")

    def get_context_data(self, **kwargs):
        dashboard = region_dashboard(
            self.region.code if self.region else None, today=timezone.localdate()
        )
        return super().get_context_data(
            dashboard=dashboard,
            trail=_trail(self.region, self.request.user),
            level_below=_level_below(self.region),
            **present(dashboard, self.request.user),
            **kwargs,
        )


def _level_below(region: Region | None) -> str:
    if region is None:
        return _("Province")
    return {2: _("Prefecture"), 4: _("County")}.get(len(region_prefix(region.code)), "")
