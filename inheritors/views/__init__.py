"""Admin view sets of the inheritors app, grouped into three menus, and the
leader's pages on the site (``inheritors.views.site``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from inheritors.views.apprentices import ApprenticeshipViewSet, GrantSchemeViewSet
from inheritors.views.assessments import AssessmentViewSet, SubsidyViewSet
from inheritors.views.inheritors import InheritorViewSet
from inheritors.views.items import IchItemViewSet
from inheritors.views.leaders import LeaderViewSet, SupportViewSet
from inheritors.views.studios import StudioViewSet
from inheritors.views.workshop_records import (
    EmployeeViewSet,
    EmploymentViewSet,
    ProductViewSet,
)
from inheritors.views.workshops import WorkshopViewSet


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
