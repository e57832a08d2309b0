"""Admin for skill master studios: the studio with its funding tranches, yearly
targets and outputs, and the funding planned from the configured grant."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.widgets.button import Button

from inheritors.models import (
    Inheritor,
    MasterStudio,
    StudioGrantScheme,
)
from inheritors.services import plan_studio_funding
from inheritors.viewsets.common import PersonFieldsForm, RegisterPersonMixin
from lms.admin_helpers import (
    ObjectActionView,
    ServiceErrorsMixin,
    export_spec,
    region_filterset,
)
from lms.scoping import ScopedModelViewSet


def leader_inheritor_problem(studio: MasterStudio) -> str | None:
    """Why the inheritor named cannot qualify the studio's leader, or None."""
    inheritor = studio.leader_inheritor
    if inheritor is None:
        return None
    if inheritor.person_id != studio.leader_id:
        return _("This inheritor is not the studio's leader.")
    if inheritor.status != Inheritor.Status.ACTIVE:
        return _("This inheritor's title is cancelled.")
    if not inheritor.item.is_skill_type:
        return _("Only an inheritor of a skill-type item (arts, crafts, medicine).")
    return None


class StudioForm(PersonFieldsForm):
    """The leader is named by ID number; funding tranches may not add up to more
    than the grant configured for the studio's level and region."""

    person_attribute = "leader"

    def clean(self):
        data = super().clean()
        if self.instance.leader_id and data.get("leader_inheritor"):
            self.instance.leader_inheritor = data["leader_inheritor"]
            problem = leader_inheritor_problem(self.instance)
            if problem:
                self.add_error("leader_inheritor", problem)
        self._check_tranches(data)
        return data

    def _check_tranches(self, data) -> None:
        formset = self.formsets["tranches"]
        if not formset.is_valid() or not data.get("level") or not data.get("region"):
            return
        total = sum(
            (
                form.cleaned_data["amount"]
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ),
            Decimal(0),
        )
        scheme = StudioGrantScheme.objects.for_studio(
            level=data["level"], region_code=data["region"].code
        )
        if scheme is not None and total > scheme.amount:
            raise ValidationError(
                _("The tranches add up to ¥%(total)s, more than the ¥%(grant)s grant.")
                % {"total": f"{total:,.2f}", "grant": f"{scheme.amount:,.2f}"}
            )


class AddStudioView(RegisterPersonMixin, ScopedModelViewSet.add_view_class):
    person_attribute = "leader"

    def prepare_instance(self, studio):
        problem = leader_inheritor_problem(studio)
        if problem:
            raise ValidationError({"leader_inheritor": problem})


class PlanFundingView(ObjectActionView):
    form_class = forms.Form
    model = MasterStudio
    url_namespace = "master-studios"
    action_label = _("Plan funding")
    success_message = _("The funding of %(object)s is planned from the grant.")
    header_icon = "pick"

    def run(self, data):
        plan_studio_funding(studio=self.object, user=self.request.user)


class StudioInspectView(ScopedModelViewSet.inspect_view_class):
    template_name = "inheritors/admin/studio_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        studio = self.object
        context.update(
            results=studio.results(),
            tranches=studio.tranches.all(),
            outputs=studio.outputs.all(),
            apprenticeships=studio.apprenticeships.select_related("apprentice"),
            scheme=studio.grant_scheme(),
        )
        return context

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.user_has_permission("change") and not self.object.tranches.exists():
            buttons.append(
                Button(
                    _("Plan funding"),
                    url=reverse("master-studios:plan-funding", args=[self.object.pk]),
                    icon_name="pick",
                    priority=40,
                )
            )
        return buttons


studio_export, studio_headings = export_spec(
    ("name", None),
    ("region", None),
    ("get_level_display", _("level")),
    ("recognised_on", None),
    ("leader.real_name", _("leader")),
    ("get_leader_skill_level_display", _("leader's skill level")),
    ("leader_inheritor", None),
    ("host_unit", None),
    ("host_unit_credit_code", None),
    ("area", None),
    ("funding_total", _("funding")),
)


class StudioViewSet(ScopedModelViewSet):
    model = MasterStudio
    icon = "trophy"
    menu_label = _("Master studios")
    add_view_class = AddStudioView
    edit_view_class = type(
        "EditStudioView", (ServiceErrorsMixin, ScopedModelViewSet.edit_view_class), {}
    )
    inspect_view_class = StudioInspectView
    list_display = ["name", "leader", "level", "region", "recognised_on", "host_unit"]
    filterset_class = region_filterset(
        MasterStudio, lookup="region__code", fields=["level"]
    )
    search_fields = ["name", "host_unit", "leader__real_name"]
    list_export = studio_export
    export_headings = studio_headings
    export_filename = "master-studios"
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "name",
        "region",
        "level",
        "recognised_on",
        "leader",
        "leader_skill_level",
        "leader_inheritor",
        "host_unit",
        "host_unit_credit_code",
        "area",
        "workshop",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("level"), FieldPanel("region")]),
            FieldPanel("recognised_on"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("real_name"), FieldPanel("id_number")]),
                    FieldPanel("mobile"),
                    FieldPanel("leader_skill_level"),
                    FieldPanel("leader_inheritor"),
                ],
                heading=_("Leader"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("host_unit"),
                    FieldPanel("host_unit_credit_code"),
                    FieldPanel("area"),
                    FieldPanel("workshop"),
                ],
                heading=_("Host unit"),
            ),
            InlinePanel(
                "tranches",
                heading=_("Funding tranches"),
                panels=[
                    FieldRowPanel([FieldPanel("number"), FieldPanel("amount")]),
                    FieldRowPanel([FieldPanel("due_on"), FieldPanel("paid_on")]),
                    FieldPanel("department"),
                ],
            ),
            InlinePanel(
                "targets",
                heading=_("Yearly targets"),
                panels=[
                    FieldPanel("year"),
                    FieldRowPanel(
                        [
                            FieldPanel("trained_target"),
                            FieldPanel("high_skilled_target"),
                        ]
                    ),
                ],
            ),
            InlinePanel(
                "outputs",
                heading=_("Outputs"),
                panels=[
                    FieldRowPanel([FieldPanel("year"), FieldPanel("kind")]),
                    FieldPanel("title"),
                    FieldRowPanel([FieldPanel("quantity"), FieldPanel("high_skilled")]),
                ],
            ),
        ],
        base_form_class=StudioForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "plan-funding/<int:pk>/",
                PlanFundingView.as_view(permission_policy=self.permission_policy),
                name="plan-funding",
            ),
        ]
