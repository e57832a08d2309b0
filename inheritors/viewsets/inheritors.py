"""Admin for inheritors: designation, the flag of those eligible for cancellation,
and cancellation on a statutory ground."""

from __future__ import annotations

import django_filters
from django import forms
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.widgets.button import Button

from inheritors.models import (
    IchLevel,
    Inheritor,
)
from inheritors.services import (
    cancel_inheritor,
)
from inheritors.viewsets.common import PersonFieldsForm, RegisterPersonMixin
from lms.admin_helpers import (
    ObjectActionView,
    ServiceErrorsMixin,
    export_spec,
    region_filterset,
)
from lms.scoping import ScopedModelViewSet

LEVEL_RANK = {level: rank for rank, level in enumerate(IchLevel.values)}

PERSON_PANEL = MultiFieldPanel(
    [
        FieldRowPanel([FieldPanel("real_name"), FieldPanel("id_number")]),
        FieldPanel("mobile"),
    ],
    heading=_("Person"),
)


# --- Inheritors -----------------------------------------------------------------


class InheritorForm(PersonFieldsForm):
    def clean(self):
        data = super().clean()
        item, level = data.get("item"), data.get("level")
        if item and level and LEVEL_RANK[level] < LEVEL_RANK[item.level]:
            self.add_error(
                "level",
                _("A %(level)s inheritor needs an item on a list of that level.")
                % {"level": IchLevel(level).label},
            )
        return data


class InheritorFilterSet(
    region_filterset(Inheritor, lookup="region__code", fields=["status", "level"])
):
    eligible = django_filters.BooleanFilter(
        label=_("eligible for cancellation"), method="filter_eligible"
    )

    def filter_eligible(self, queryset, name, value):
        if value is None:
            return queryset
        eligible = Inheritor.objects.eligible_for_cancellation().values("pk")
        if value:
            return queryset.filter(pk__in=eligible)
        return queryset.exclude(pk__in=eligible)


class InheritorIndexView(ScopedModelViewSet.index_view_class):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .with_unjustified_failures()
            .select_related("person", "item", "region")
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == Inheritor.Status.ACTIVE and self.user_has_permission(
            "change"
        ):
            buttons.append(
                Button(
                    _("Cancel title"),
                    url=reverse("ich-inheritors:cancel", args=[instance.pk]),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


class InheritorInspectView(ScopedModelViewSet.inspect_view_class):
    template_name = "inheritors/admin/inheritor_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessments"] = self.object.assessments.order_by("-year")
        context["subsidies"] = self.object.subsidies.order_by("-year")
        return context

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.status == Inheritor.Status.ACTIVE and self.user_has_permission(
            "change"
        ):
            buttons.append(
                Button(
                    _("Cancel title"),
                    url=reverse("ich-inheritors:cancel", args=[self.object.pk]),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


class CancelInheritorForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("statutory ground"), choices=Inheritor.CancellationGround.choices
    )
    cancelled_on = forms.DateField(label=_("cancelled on"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The decision's reference number and the facts behind it."),
    )


class CancelInheritorView(ObjectActionView):
    form_class = CancelInheritorForm
    model = Inheritor
    url_namespace = "ich-inheritors"
    action_label = _("Cancel title")
    success_message = _("The title of %(object)s is cancelled.")
    header_icon = "cross"

    def run(self, data: dict) -> None:
        cancel_inheritor(
            inheritor=self.object,
            ground=data["ground"],
            note=data["note"],
            cancelled_on=data["cancelled_on"],
            user=self.request.user,
        )


inheritor_export, inheritor_headings = export_spec(
    ("person.real_name", _("real name")),
    ("person.id_number_masked", _("ID number")),
    ("person.get_sex_display", _("sex")),
    ("item.code", _("item code")),
    ("item.name", _("item")),
    ("get_level_display", _("level")),
    ("region", None),
    ("designated_year", None),
    ("batch", None),
    ("get_status_display", _("status")),
    ("get_cancellation_ground_display", _("cancellation ground")),
    ("cancelled_on", None),
    ("unjustified_failure_count", _("unjustified failed assessments")),
)


class InheritorViewSet(ScopedModelViewSet):
    model = Inheritor
    icon = "user"
    menu_label = _("Inheritors")
    index_view_class = InheritorIndexView
    inspect_view_class = InheritorInspectView
    add_view_class = type(
        "AddInheritorView", (RegisterPersonMixin, ScopedModelViewSet.add_view_class), {}
    )
    edit_view_class = type(
        "EditInheritorView",
        (ServiceErrorsMixin, ScopedModelViewSet.edit_view_class),
        {},
    )
    list_display = [
        "person__real_name",
        "item",
        "level",
        "region",
        "designated_year",
        "status",
        "cancellation_flag",
    ]
    filterset_class = InheritorFilterSet
    search_fields = ["person__real_name", "item__name", "item__code"]
    list_export = inheritor_export
    export_headings = inheritor_headings
    export_filename = "inheritors"
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "person",
        "item",
        "level",
        "region",
        "designated_year",
        "batch",
        "status",
        "cancellation_ground",
        "cancelled_on",
        "cancellation_note",
        "unjustified_failure_count",
    ]
    edit_handler = ObjectList(
        [
            PERSON_PANEL,
            FieldPanel("item"),
            FieldRowPanel([FieldPanel("level"), FieldPanel("region")]),
            FieldRowPanel([FieldPanel("designated_year"), FieldPanel("batch")]),
        ],
        base_form_class=InheritorForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "cancel/<int:pk>/",
                CancelInheritorView.as_view(permission_policy=self.permission_policy),
                name="cancel",
            ),
        ]
