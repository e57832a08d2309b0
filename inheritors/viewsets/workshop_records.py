"""Admin for the workshops' yearly employment, employees and catalogue products."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList

from inheritors.models import (
    WorkshopEmployee,
    WorkshopEmployment,
    WorkshopProduct,
)
from inheritors.viewsets.common import PersonFieldsForm, RegisterPersonMixin
from inheritors.viewsets.leaders import PERSON_PANEL
from lms.admin_helpers import (
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
    ("in_catalogue", None),
)


class ProductViewSet(ScopedModelViewSet):
    model = WorkshopProduct
    icon = "image"
    menu_label = _("Product catalogue")
    list_display = ["name", "craft", "workshop", "price_range", "in_catalogue"]
    filterset_class = region_filterset(
        WorkshopProduct, lookup="workshop__region__code", fields=["in_catalogue"]
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
            FieldPanel("photo"),
            FieldRowPanel([FieldPanel("price_min"), FieldPanel("price_max")]),
            FieldPanel("description"),
            FieldPanel("in_catalogue"),
        ],
        base_form_class=ScopedChoicesForm,
    )
