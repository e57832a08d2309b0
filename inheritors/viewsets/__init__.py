"""Admin view sets of the inheritors app, grouped into three menus. The leader's
pages on the site are in ``inheritors.views``."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from inheritors.viewsets.apprentices import ApprenticeshipViewSet, GrantSchemeViewSet
from inheritors.viewsets.assessments import AssessmentViewSet, SubsidyViewSet
from inheritors.viewsets.inheritors import InheritorViewSet
from inheritors.viewsets.items import IchItemViewSet
from inheritors.viewsets.leaders import LeaderViewSet, SupportViewSet
from inheritors.viewsets.studios import StudioViewSet
from inheritors.viewsets.workshop_records import (
    EmployeeViewSet,
    EmploymentViewSet,
    ProductViewSet,
)
from inheritors.viewsets.workshops import WorkshopViewSet


class HeritageViewSetGroup(ModelViewSetGroup):
    menu_label = _("ICH register")
    menu_icon = "tag"
    menu_order = 300
    items = (
        IchItemViewSet("ich-items"),
        InheritorViewSet("ich-inheritors"),
        AssessmentViewSet("inheritor-assessments"),
        SubsidyViewSet("transmission-subsidies"),
    )


class WorkshopViewSetGroup(ModelViewSetGroup):
    menu_label = _("Workshops")
    menu_icon = "home"
    menu_order = 310
    items = (
        WorkshopViewSet("workshops"),
        EmploymentViewSet("workshop-employment"),
        EmployeeViewSet("workshop-employees"),
        ProductViewSet("workshop-products"),
        LeaderViewSet("workshop-leaders"),
        SupportViewSet("leader-supports"),
    )


class StudioViewSetGroup(ModelViewSetGroup):
    menu_label = _("Master studios")
    menu_icon = "trophy"
    menu_order = 320
    items = (
        StudioViewSet("master-studios"),
        ApprenticeshipViewSet("apprenticeships"),
        GrantSchemeViewSet("studio-grants"),
    )


VIEWSET_GROUPS = (HeritageViewSetGroup, WorkshopViewSetGroup, StudioViewSetGroup)
