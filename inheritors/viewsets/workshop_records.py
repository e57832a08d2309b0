"""Admin for the workshops' yearly employment, employees and catalogue products."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.widgets.button import Button

from inheritors.models import (
    WorkshopEmployee,
    WorkshopEmployment,
    WorkshopProduct,
)
from inheritors.services import mark_consumption_assistance
from inheritors.viewsets.common import PersonFieldsForm, RegisterPersonMixin
from inheritors.viewsets.leaders import PERSON_PANEL
from lms import policy
from lms.admin_helpers import (
    ObjectActionView,
    ScopedChoicesForm,
    ServiceErrorsMixin,
    export_spec,
    region_filterset,
)
from lms.scoping import ScopedModelViewSet

# --- Employment, employees, products -------------------------------------------------


employment_export, employment_headings = export_spec(
    ("workshop.name", _("workshop")),
    ("workshop.region", _("county")),
    ("year", None),
    ("employed", None),
    ("poverty_alleviated", None),
    ("monitoring_targets", None),
    ("home_based", None),
    ("flexible", None),
    ("average_income", None),
)


class EmploymentViewSet(ScopedModelViewSet):
    model = WorkshopEmployment
    icon = "group"
    menu_label = _("Employment")
    list_display = [
        "workshop",
        "year",
        "employed",
        "poverty_alleviated",
        "monitoring_targets",
        "home_based",
        "flexible",
    ]
    filterset_class = region_filterset(
        WorkshopEmployment, lookup="workshop__region__code", fields=["year"]
    )
    search_fields = ["workshop__name"]
    list_export = employment_export
    export_headings = employment_headings
    export_filename = "workshop-employment"
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("workshop"), FieldPanel("year")]),
            FieldPanel("employed"),
            FieldRowPanel(
                [FieldPanel("poverty_alleviated"), FieldPanel("monitoring_targets")]
            ),
            FieldRowPanel([FieldPanel("home_based"), FieldPanel("flexible")]),
            FieldPanel("average_income"),
        ],
        base_form_class=ScopedChoicesForm,
    )


class EmployeeForm(PersonFieldsForm):
    pass


employee_export, employee_headings = export_spec(
    ("person.real_name", _("real name")),
    ("person.id_number_masked", _("ID number")),
    ("workshop.name", _("workshop")),
    ("workshop.region", _("county")),
    ("get_job_type_display", _("job type")),
    ("job", None),
    ("started_on", None),
    ("ended_on", None),
)


class EmployeeViewSet(ScopedModelViewSet):
    model = WorkshopEmployee
    icon = "user"
    menu_label = _("Employees")
    add_view_class = type(
        "AddEmployeeView", (RegisterPersonMixin, ScopedModelViewSet.add_view_class), {}
    )
    edit_view_class = type(
        "EditEmployeeView",
        (ServiceErrorsMixin, ScopedModelViewSet.edit_view_class),
        {},
    )
    list_display = [
        "person__real_name",
        "workshop",
        "job_type",
        "started_on",
        "ended_on",
    ]
    filterset_class = region_filterset(
        WorkshopEmployee, lookup="workshop__region__code", fields=["job_type"]
    )
    search_fields = ["person__real_name", "workshop__name", "job"]
    list_export = employee_export
    export_headings = employee_headings
    export_filename = "workshop-employees"
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            PERSON_PANEL,
            FieldPanel("workshop"),
            FieldRowPanel([FieldPanel("job_type"), FieldPanel("job")]),
            FieldRowPanel([FieldPanel("started_on"), FieldPanel("ended_on")]),
        ],
        base_form_class=EmployeeForm,
    )


product_export, product_headings = export_spec(
    ("name", None),
    ("craft", None),
    ("workshop.name", _("workshop")),
    ("workshop.region", _("county")),
    ("price_min", None),
    ("price_max", None),
    ("minimum_order", None),
    ("lead_time_days", None),
    ("monthly_capacity", None),
    ("consumption_assistance", None),
    ("assistance_checked_on", None),
    ("in_catalogue", None),
)


class AssistanceForm(forms.Form):
    assisted = forms.BooleanField(
        label=_("eligible for consumption assistance (消费帮扶)"), required=False
    )
    checked_on = forms.DateField(label=_("checked on"), initial=timezone.localdate)


class AssistanceView(ObjectActionView):
    """A department officer who checked a product marks it for consumption
    assistance, or takes the mark away (``policy.may_mark_consumption_assistance``)."""

    model = WorkshopProduct
    url_namespace = "workshop-products"
    form_class = AssistanceForm
    action_label = _("Consumption assistance")
    success_message = _("Consumption assistance of %(object)s recorded.")
    header_icon = "tick"

    def dispatch(self, request, *args, **kwargs):
        product = get_object_or_404(
            WorkshopProduct.objects.in_scope(request.user), pk=kwargs["pk"]
        )
        if not policy.may_mark_consumption_assistance(request.user, product):
            raise PermissionDenied
        self.object = product
        return super(ObjectActionView, self).dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"assisted": not self.object.consumption_assistance}

    def run(self, data):
        mark_consumption_assistance(product=self.object, user=self.request.user, **data)


class ProductInspectView(ScopedModelViewSet.inspect_view_class):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if policy.may_mark_consumption_assistance(self.request.user, self.object):
            buttons.append(
                Button(
                    _("Consumption assistance"),
                    url=reverse("workshop-products:assistance", args=[self.object.pk]),
                    icon_name="tick",
                    priority=50,
                )
            )
        return buttons


class ProductViewSet(ScopedModelViewSet):
    model = WorkshopProduct
    icon = "image"
    menu_label = _("Product catalogue")
    inspect_view_class = ProductInspectView
    list_display = [
        "name",
        "craft",
        "workshop",
        "price_range",
        "consumption_assistance",
        "in_catalogue",
    ]
    filterset_class = region_filterset(
        WorkshopProduct,
        lookup="workshop__region__code",
        fields=["in_catalogue", "consumption_assistance"],
    )
    search_fields = ["name", "craft", "workshop__name"]
    list_export = product_export
    export_headings = product_headings
    export_filename = "workshop-products"
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("workshop"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("craft")]),
            FieldPanel("photo", heading=_("main photo")),
            InlinePanel("photos", label=_("More photos")),
            FieldRowPanel([FieldPanel("price_min"), FieldPanel("price_max")]),
            FieldRowPanel(
                [
                    FieldPanel("minimum_order"),
                    FieldPanel("lead_time_days"),
                    FieldPanel("monthly_capacity"),
                ]
            ),
            FieldPanel("description"),
            FieldPanel("in_catalogue"),
        ],
        base_form_class=ScopedChoicesForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "assistance/<int:pk>/",
                AssistanceView.as_view(permission_policy=self.permission_policy),
                name="assistance",
            ),
        ]
