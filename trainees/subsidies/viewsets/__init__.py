"""Subsidies in the Wagtail admin: policies, region rules, status periods and the
holiday calendar (``policies``), and the HR review of claims (``claims``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from trainees.subsidies.viewsets.claims import ClaimViewSet
from trainees.subsidies.viewsets.policies import (
    CalendarDayViewSet,
    NationalCalendarPolicy,
    PolicyViewSet,
    RegionRulesViewSet,
    StatusPeriodViewSet,
)

__all__ = ["NationalCalendarPolicy", "SubsidyViewSetGroup"]


class SubsidyViewSetGroup(ModelViewSetGroup):
    menu_label = _("Subsidies")
    menu_icon = "tasks"
    menu_order = 250
    items = (
        ClaimViewSet("subsidy-claims"),
        PolicyViewSet("subsidy-policies"),
        RegionRulesViewSet("subsidy-rules"),
        StatusPeriodViewSet("status-periods"),
        CalendarDayViewSet("working-day-calendar"),
    )
