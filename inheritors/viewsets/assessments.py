"""Admin for inheritors' yearly assessments and transmission subsidies."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList

from inheritors.models import (
    InheritorAssessment,
    TransmissionSubsidy,
)
from inheritors.services import (
    correct_transmission_subsidy,
    grant_transmission_subsidy,
    newly_eligible,
)
from lms.admin_helpers import (
    ScopedChoicesForm,
    ServiceErrorsMixin,
    export_spec,
    region_filterset,
)
from lms.scoping import ScopedModelViewSet

# --- Assessments ----------------------------------------------------------------


class AssessmentForm(ScopedChoicesForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "inheritor" in self.fields and not self.instance.pk:
            field = self.fields["inheritor"]
            field.queryset = field.queryset.active()

    def clean(self):
        data = super().clean()
        if data.get("failure_justified") and not (data.get("justification") or ""):
            self.add_error("justification", _("Say what justifies the failure."))
        return data


class RecordAssessmentMixin(ServiceErrorsMixin):
    """The officer who records an assessment is its assessor; an assessment that
    makes its inheritor eligible for cancellation says so."""

    def save_instance(self):
        self.form.instance.assessed_by = self.request.user
        assessment = super().save_instance()
        if newly_eligible(assessment):
            messages.warning(
                self.request,
                _(
                    "%(name)s has now failed two assessments without justification "
                    "and is eligible for cancellation."
                )
                % {"name": assessment.inheritor.public_name},
            )
        return assessment


assessment_export, assessment_headings = export_spec(
    ("inheritor.person.real_name", _("inheritor")),
    ("inheritor.item.name", _("item")),
    ("inheritor.get_level_display", _("level")),
    ("year", None),
    ("planned_apprentices", None),
    ("taught_apprentices", None),
    ("get_result_display", _("result")),
    ("failure_justified", None),
    ("assessed_on", None),
)


class AssessmentViewSet(ScopedModelViewSet):
    model = InheritorAssessment
    icon = "tasks"
    menu_label = _("Assessments")
    add_view_class = type(
        "AddAssessmentView",
        (RecordAssessmentMixin, ScopedModelViewSet.add_view_class),
        {},
    )
    edit_view_class = type(
        "EditAssessmentView",
        (RecordAssessmentMixin, ScopedModelViewSet.edit_view_class),
        {},
    )
    list_display = ["inheritor", "year", "result", "failure_justified", "assessed_on"]
    filterset_class = region_filterset(
        InheritorAssessment,
        lookup="inheritor__region__code",
        fields=["year", "result", "failure_justified"],
    )
    search_fields = ["inheritor__person__real_name", "inheritor__item__name"]
    list_export = assessment_export
    export_headings = assessment_headings
    export_filename = "inheritor-assessments"
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("inheritor"), FieldPanel("year")]),
            FieldPanel("plan"),
            FieldRowPanel(
                [FieldPanel("planned_apprentices"), FieldPanel("taught_apprentices")]
            ),
            FieldPanel("activities"),
            FieldRowPanel([FieldPanel("result"), FieldPanel("assessed_on")]),
            FieldPanel("failure_justified"),
            FieldPanel("justification"),
        ],
        base_form_class=AssessmentForm,
    )


# --- Subsidies ------------------------------------------------------------------


class SubsidyForm(ScopedChoicesForm):
    """Inheritor and year are fixed once the subsidy is granted."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("inheritor", "year"):
                if name in self.fields:
                    self.fields[name].disabled = True


class GrantSubsidyView(ServiceErrorsMixin, ScopedModelViewSet.add_view_class):
    def save_instance(self):
        data = self.form.cleaned_data
        return grant_transmission_subsidy(
            inheritor=data["inheritor"],
            year=data["year"],
            amount=data["amount"],
            granted_on=data["granted_on"],
            department=data["department"],
            note=data.get("note", ""),
            user=self.request.user,
        )


class EditSubsidyView(ServiceErrorsMixin, ScopedModelViewSet.edit_view_class):
    def save_instance(self):
        data = self.form.cleaned_data
        return correct_transmission_subsidy(
            subsidy=self.object,
            amount=data["amount"],
            granted_on=data["granted_on"],
            department=data["department"],
            note=data.get("note", ""),
            user=self.request.user,
        )


subsidy_export, subsidy_headings = export_spec(
    ("inheritor.person.real_name", _("inheritor")),
    ("inheritor.person.id_number_masked", _("ID number")),
    ("inheritor.item.name", _("item")),
    ("inheritor.get_level_display", _("level")),
    ("year", None),
    ("amount", None),
    ("granted_on", None),
    ("department", None),
)


class SubsidyViewSet(ScopedModelViewSet):
    model = TransmissionSubsidy
    icon = "pick"
    menu_label = _("Transmission subsidies")
    add_view_class = GrantSubsidyView
    edit_view_class = EditSubsidyView
    list_display = ["inheritor", "year", "amount", "granted_on", "department"]
    filterset_class = region_filterset(
        TransmissionSubsidy, lookup="inheritor__region__code", fields=["year"]
    )
    search_fields = ["inheritor__person__real_name", "department"]
    list_export = subsidy_export
    export_headings = subsidy_headings
    export_filename = "transmission-subsidies"
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("inheritor"), FieldPanel("year")]),
            FieldRowPanel([FieldPanel("amount"), FieldPanel("granted_on")]),
            FieldPanel("department"),
            FieldPanel("note"),
        ],
        base_form_class=SubsidyForm,
    )
