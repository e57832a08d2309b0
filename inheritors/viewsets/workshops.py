"""Admin for workshops: the application form, the listing with its steps, and the
inspect page with the state history, confirmations and employment."""

from __future__ import annotations

import django_filters
from django import forms
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList

from inheritors.models import Workshop
from inheritors.models.workshops import LAPSE_WARNING_DAYS
from inheritors.services import (
    record_workshop_application,
)
from inheritors.viewsets.workshop_steps import (
    CancelView,
    ConfirmView,
    IdentifyView,
    LibraryView,
    RejectView,
    step_buttons,
)
from lms.admin_helpers import (
    ScopedChoicesForm,
    ServiceErrorsMixin,
    export_spec,
    region_filterset,
)
from lms.models import Region
from lms.scoping import ScopedModelViewSet

State = Workshop.State


class WorkshopForm(ScopedChoicesForm):
    """An application: the county, the applicant, the items or craft relied on,
    the site and what it produces."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            regions = self.fields["region"].queryset
            self.fields["region"].queryset = regions.filter(
                level=Region.Level.COUNTY, retired=False
            )

    def clean_credit_code(self):
        return (self.cleaned_data.get("credit_code") or "").strip().upper()

    def clean(self):
        data = super().clean()
        if not data.get("items") and not (data.get("craft") or "").strip():
            self.add_error(
                "craft", _("Name the ICH items or the traditional craft relied on.")
            )
        return data


class ApplyView(ServiceErrorsMixin, ScopedModelViewSet.add_view_class):
    def save_instance(self):
        workshop = super().save_instance()
        record_workshop_application(workshop=workshop, user=self.request.user)
        return workshop


class WorkshopIndexView(ScopedModelViewSet.index_view_class):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .with_last_registration_year()
            .select_related("region", "leader__person")
        )

    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance), *step_buttons(self, instance)]


class WorkshopInspectView(ScopedModelViewSet.inspect_view_class):
    template_name = "inheritors/admin/workshop_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        workshop = self.object
        context.update(
            state_changes=workshop.state_changes.select_related("changed_by"),
            confirmations=workshop.confirmations.select_related("confirmed_by"),
            employment=workshop.employment.order_by("-year"),
        )
        return context

    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *step_buttons(self, self.object)]


class WorkshopFilterSet(
    region_filterset(Workshop, lookup="region__code", fields=["state", "entity_type"])
):
    unconfirmed = django_filters.BooleanFilter(
        label=_("not yet confirmed this year"), method="filter_unconfirmed"
    )

    in_library = django_filters.ChoiceFilter(
        label=_("in the project library"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        method="filter_in_library",
    )

    def filter_in_library(self, queryset, name, value):
        """``?in_library=1``: recorded in the county project library (已入库);
        the region dashboards link here with it."""
        entered = Workshop.objects.in_library().values("pk")
        if value == "1":
            return queryset.filter(pk__in=entered)
        if value == "0":
            return queryset.exclude(pk__in=entered)
        return queryset

    def filter_unconfirmed(self, queryset, name, value):
        if value is None:
            return queryset
        pending = Workshop.objects.unconfirmed_in(timezone.localdate().year)
        if value:
            return queryset.filter(pk__in=pending.values("pk"))
        return queryset.exclude(pk__in=pending.values("pk"))

    overdue = django_filters.BooleanFilter(
        label=_("a closed year not confirmed"), method="filter_overdue"
    )
    lapsing = django_filters.BooleanFilter(
        label=_("lapses in the next 90 days"), method="filter_lapsing"
    )

    def filter_overdue(self, queryset, name, value):
        overdue = Workshop.objects.overdue(today=timezone.localdate())
        return _keep(queryset, overdue, value)

    def filter_lapsing(self, queryset, name, value):
        lapsing = Workshop.objects.lapsing_within(
            LAPSE_WARNING_DAYS, today=timezone.localdate()
        )
        return _keep(queryset, lapsing, value)


def _keep(queryset, chosen, value):
    """The rows among ``chosen`` (True), the others (False) or all (None)."""
    if value is None:
        return queryset
    if value:
        return queryset.filter(pk__in=chosen.values("pk"))
    return queryset.exclude(pk__in=chosen.values("pk"))


workshop_export, workshop_headings = export_spec(
    ("name", None),
    ("region", None),
    ("get_entity_type_display", _("applicant type")),
    ("entity_name", None),
    ("credit_code", None),
    ("leader.public_name", _("leader")),
    ("relied_on", _("relies on")),
    ("address", None),
    ("site_area", None),
    ("has_water", None),
    ("has_power", None),
    ("has_heating", None),
    ("get_state_display", _("state")),
    ("applied_on", None),
    ("identified_on", None),
    ("library_entered_on", None),
    ("library_number", None),
    ("last_registration_year", _("last registered")),
)


class WorkshopViewSet(ScopedModelViewSet):
    model = Workshop
    icon = "home"
    menu_label = _("Workshops")
    add_view_class = ApplyView
    edit_view_class = type(
        "EditWorkshopView", (ServiceErrorsMixin, ScopedModelViewSet.edit_view_class), {}
    )
    index_view_class = WorkshopIndexView
    inspect_view_class = WorkshopInspectView
    list_display = [
        "name",
        "region",
        "leader",
        "state",
        "last_registration_year",
        "applied_on",
    ]
    filterset_class = WorkshopFilterSet
    search_fields = ["name", "entity_name", "credit_code", "leader__person__real_name"]
    list_export = workshop_export
    export_headings = workshop_headings
    export_filename = "workshops"
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "name",
        "region",
        "entity_type",
        "entity_name",
        "credit_code",
        "leader",
        "items",
        "craft",
        "address",
        "site_area",
        "has_water",
        "has_power",
        "has_heating",
        "equipment",
        "products",
        "state",
        "applied_on",
        "identified_on",
        "hr_opinion",
        "rural_opinion",
        "library_entered_on",
        "library_number",
        "library_entered_by",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("region"), FieldPanel("applied_on")]),
            MultiFieldPanel(
                [
                    FieldPanel("entity_type"),
                    FieldRowPanel(
                        [FieldPanel("entity_name"), FieldPanel("credit_code")]
                    ),
                    FieldPanel("leader"),
                ],
                heading=_("Applicant"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("items", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("craft"),
                ],
                heading=_("Relies on"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("address"),
                    FieldPanel("site_area"),
                    FieldRowPanel(
                        [
                            FieldPanel("has_water"),
                            FieldPanel("has_power"),
                            FieldPanel("has_heating"),
                        ]
                    ),
                    FieldPanel("equipment"),
                    FieldPanel("products"),
                ],
                heading=_("Site and production"),
            ),
        ],
        base_form_class=WorkshopForm,
    )

    def get_urlpatterns(self):
        views = {
            "identify": IdentifyView,
            "reject": RejectView,
            "library": LibraryView,
            "confirm": ConfirmView,
            "cancel": CancelView,
        }
        return [
            *super().get_urlpatterns(),
            *[
                path(
                    f"{name}/<int:pk>/",
                    view.as_view(permission_policy=self.permission_policy),
                    name=name,
                )
                for name, view in views.items()
            ],
        ]
