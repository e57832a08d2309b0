"""The steps of a workshop's life in the admin, each a form that runs a service."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import Button

from inheritors.forms import ConfirmationForm
from inheritors.models import Workshop, WorkshopConfirmation
from inheritors.models.workshops import confirmable_years
from inheritors.services import (
    cancel_workshop,
    confirm_workshop_registration,
    enter_project_library,
    identify_workshop,
    reject_workshop_application,
)
from lms import policy
from lms.admin_helpers import ObjectActionView

State = Workshop.State

# --- Steps of a workshop's life -------------------------------------------------


class IdentifyForm(forms.Form):
    identified_on = forms.DateField(
        label=_("identified on"), initial=timezone.localdate
    )
    hr_opinion = forms.CharField(
        label=_("HR department's opinion"), widget=forms.Textarea(attrs={"rows": 3})
    )
    rural_opinion = forms.CharField(
        label=_("rural revitalisation department's opinion"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("decision"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 4})
    )


class LibraryForm(forms.Form):
    entered_on = forms.DateField(label=_("entered on"), initial=timezone.localdate)
    library_number = forms.CharField(label=_("project library number"), max_length=50)


class WorkshopActionView(ObjectActionView):
    model = Workshop
    url_namespace = "workshops"


class IdentifyView(WorkshopActionView):
    form_class = IdentifyForm
    action_label = _("Identify")
    success_message = _("%(object)s is identified as an ICH workshop.")
    header_icon = "success"

    def run(self, data):
        identify_workshop(workshop=self.object, user=self.request.user, **data)


class RejectView(WorkshopActionView):
    form_class = ReasonForm
    action_label = _("Refuse")
    success_message = _("The application of %(object)s is refused.")
    header_icon = "cross"

    def run(self, data):
        reject_workshop_application(
            workshop=self.object, user=self.request.user, reason=data["reason"]
        )


class LibraryView(WorkshopActionView):
    """A rural revitalization officer of the workshop's region records it in the
    county project library (项目库); to others the step does not exist."""

    form_class = LibraryForm
    action_label = _("Enter into the project library")
    success_message = _("%(object)s is in the county project library.")
    header_icon = "folder-inverse"

    def dispatch(self, request, *args, **kwargs):
        workshop = get_object_or_404(
            Workshop.objects.in_scope(request.user), pk=kwargs["pk"]
        )
        if not policy.may_record_in_project_library(request.user, workshop):
            raise PermissionDenied
        self.object = workshop
        return super(ObjectActionView, self).dispatch(request, *args, **kwargs)

    def run(self, data):
        enter_project_library(workshop=self.object, user=self.request.user, **data)


class CancelView(WorkshopActionView):
    form_class = ReasonForm
    action_label = _("Cancel qualification")
    success_message = _("%(object)s is no longer a qualified workshop.")
    header_icon = "cross"

    def run(self, data):
        cancel_workshop(
            workshop=self.object, user=self.request.user, reason=data["reason"]
        )


class AdminConfirmationForm(ConfirmationForm):
    def __init__(self, *args, workshop, year, **kwargs):
        super().__init__(*args, workshop=workshop, year=year, **kwargs)
        first = workshop.identified_on.year if workshop.identified_on else year
        years = confirmable_years(workshop.region_id, timezone.localdate())
        self.fields["year"] = forms.TypedChoiceField(
            label=_("year"),
            coerce=int,
            choices=[(y, y) for y in years if y >= first],
            initial=year,
            help_text=_(
                "The current year, or the year just ended during its grace period."
            ),
        )
        self.order_fields(["year"])


class ConfirmView(WorkshopActionView):
    form_class = AdminConfirmationForm
    action_label = _("Record yearly confirmation")
    success_message = _("The registration of %(object)s is confirmed.")
    header_icon = "calendar-check"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "workshop": self.object,
            "year": timezone.localdate().year,
        }

    def run(self, data):
        confirm_workshop_registration(
            workshop=self.object,
            year=data["year"],
            user=self.request.user,
            channel=WorkshopConfirmation.Channel.ADMIN,
            registration=self.form.registration(),
            employment=self.form.employment(),
        )


# name, label, icon, states in which the step may be taken
STEPS = [
    ("identify", _("Identify"), "success", (State.APPLIED,)),
    ("reject", _("Refuse"), "cross", (State.APPLIED,)),
    (
        "library",
        _("Enter into the project library"),
        "folder-inverse",
        (State.IDENTIFIED,),
    ),
    (
        "confirm",
        _("Record yearly confirmation"),
        "calendar-check",
        Workshop.QUALIFIED_STATES,
    ),
    ("cancel", _("Cancel qualification"), "cross", Workshop.QUALIFIED_STATES),
]


def _may_take(view, name: str, workshop: Workshop) -> bool:
    if name == "library":
        return policy.may_record_in_project_library(view.request.user, workshop)
    return view.user_has_permission("change")


def step_buttons(view, workshop: Workshop) -> list[Button]:
    return [
        Button(
            label,
            url=reverse(f"workshops:{name}", args=[workshop.pk]),
            icon_name=icon,
            priority=40 + number,
        )
        for number, (name, label, icon, states) in enumerate(STEPS)
        if workshop.state in states and _may_take(view, name, workshop)
    ]
