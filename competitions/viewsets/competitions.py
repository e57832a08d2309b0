"""The competitions admin: view sets scoped to the organiser's region."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets.button import Button, MenuItem

from competitions.models import (
    Competition,
    Criterion,
    DeclaredRelation,
    Entry,
    JudgeAssignment,
)
from competitions.services import Competitor, assign_judge, register_entry
from competitions.viewsets import forms
from competitions.viewsets.manage import ManageCompetitionView, WithdrawEntryView
from competitions.viewsets.panels import COMPETITION_PANELS
from competitions.viewsets.results import (
    AwardViewSet,
    PromotionViewSet,
    ResultViewSet,
)
from lms.admin_helpers import region_filterset
from lms.scoping import ScopedModelViewSet
from lms.services import register_person

IndexView = ScopedModelViewSet.index_view_class
CreateView = ScopedModelViewSet.add_view_class


class ServiceCreateView(CreateView):
    """A create view whose saving runs a service: its refusals become form errors
    and nothing is written."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class CompetitionIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        url = reverse("contests:manage", args=[instance.pk])
        manage = MenuItem(_("Manage"), url=url, icon_name="tasks", priority=5)
        return [manage, *super().get_list_more_buttons(instance)]


class CompetitionEditView(ScopedModelViewSet.edit_view_class):
    @cached_property
    def header_more_buttons(self):
        url = reverse("contests:manage", args=[self.object.pk])
        manage = Button(_("Manage"), url=url, icon_name="tasks", priority=5)
        return [manage, *super().header_more_buttons]


class CompetitionViewSet(ScopedModelViewSet):
    model = Competition
    icon = "pick"
    menu_label = _("Competitions")
    index_view_class = CompetitionIndexView
    edit_view_class = CompetitionEditView
    list_display = ["name", "level", "region", "status", "starts_on"]
    filterset_class = region_filterset(
        Competition, lookup="region__code", fields=["status", "level", "department"]
    )
    search_fields = ["name", "craft", "organiser"]
    list_export = [
        *["name", "level", "ich_category", "craft", "region", "department"],
        *["organiser", "registration_opens_at", "registration_closes_at"],
        *["starts_on", "ends_on", "venue", "status"],
    ]
    export_filename = "competitions"
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(COMPETITION_PANELS, base_form_class=forms.CompetitionForm)

    @property
    def manage_view(self):
        return self.construct_view(ManageCompetitionView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("manage/<int:pk>/", self.manage_view, name="manage"),
        ]


class CriterionDeleteView(ScopedModelViewSet.delete_view_class):
    """An approved scheme keeps its criteria until the approval is withdrawn."""

    def form_valid(self, form):
        if self.object.competition.scheme_approved_at:
            messages.error(
                self.request,
                _("The marking scheme is approved: withdraw the approval to edit it."),
            )
            return redirect(self.index_url_name)
        return super().form_valid(form)


class CriterionViewSet(ScopedModelViewSet):
    model = Criterion
    delete_view_class = CriterionDeleteView
    icon = "list-ol"
    menu_label = _("Marking schemes")
    list_display = ["competition", "code", "name", "component", "weight"]
    list_filter = ["component"]
    search_fields = ["name", "competition__name"]
    list_export = ["competition", "code", "name", "component", "weight"]
    export_filename = "marking-criteria"
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("competition"),
            FieldRowPanel([FieldPanel("code"), FieldPanel("component")]),
            FieldPanel("name"),
            InlinePanel("aspects", heading=_("Aspects"), min_num=1),
        ],
        base_form_class=forms.CriterionForm,
    )


class AssignJudgeView(ServiceCreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return assign_judge(
            competition=data["competition"],
            real_name=data["real_name"],
            id_number=data["id_number"],
            account=data["account"],
            institution=data["institution"],
            is_chief=data["is_chief"],
            by=self.request.user,
        )


class JudgeViewSet(ScopedModelViewSet):
    model = JudgeAssignment
    icon = "user"
    menu_label = _("Judges")
    add_view_class = AssignJudgeView
    list_display = ["person", "competition", "is_chief", "institution"]
    list_filter = ["is_chief"]
    search_fields = ["person__real_name", "competition__name"]
    list_export = ["competition", "person.real_name", "is_chief", "institution"]
    export_filename = "judges"
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return forms.JudgeForm if for_update else forms.AssignJudgeForm


class DeclaredRelationViewSet(ScopedModelViewSet):
    model = DeclaredRelation
    icon = "warning"
    menu_label = _("Declared relations")
    list_display = ["judge", "person", "reason"]
    search_fields = ["person__real_name", "judge__person__real_name"]
    list_export = ["judge", "person.real_name", "reason"]
    export_filename = "declared-relations"
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return forms.DeclaredRelationForm


class AddEntryView(ServiceCreateView):
    """Organisers add an entry: the competitors are found or registered as people
    by ID number, then the entry is registered like any other."""

    def save_instance(self):
        data = self.form.cleaned_data
        competitors = [
            Competitor(register_person(real_name=name, id_number=number), level)
            for name, number, level in self.form.competitor_rows()
        ]
        return register_entry(
            competition=data["competition"],
            competitors=competitors,
            institution=data["institution"],
            workshop_name=data["workshop_name"],
            team_name=data["team_name"],
            description=data["description"],
            by=self.request.user,
        )

    def get_panel(self):
        return None  # the plain form: competitor fields are not model fields


class EntryIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == Entry.Status.REGISTERED:
            url = reverse("competition-entries:withdraw", args=[instance.pk])
            buttons.append(MenuItem(_("Withdraw"), url=url, icon_name="cross"))
        return buttons


class EntryViewSet(ScopedModelViewSet):
    model = Entry
    icon = "form"
    menu_label = _("Entries")
    index_view_class = EntryIndexView
    add_view_class = AddEntryView
    list_display = ["number", "competitors", "competition", "affiliation", "status"]
    list_filter = ["status", "competition__level"]
    search_fields = ["team_name", "workshop_name", "competition__name"]
    list_export = [
        *["competition", "number", "competitors", "affiliation", "status"],
        *["completion_time", "registered_at"],
    ]
    export_filename = "entries"
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("institution"),
            FieldPanel("workshop_name"),
            FieldPanel("description"),
            FieldPanel("completion_time"),
            InlinePanel("photos", heading=_("Photos of the work")),
        ],
        base_form_class=forms.EntryForm,
    )

    def get_form_class(self, for_update=False):
        return super().get_form_class() if for_update else forms.AddEntryForm

    @property
    def withdraw_view(self):
        return self.construct_view(WithdrawEntryView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("withdraw/<int:pk>/", self.withdraw_view, name="withdraw"),
        ]


class CompetitionsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Competitions")
    menu_icon = "pick"
    menu_order = 400
    items = (
        CompetitionViewSet("contests"),
        CriterionViewSet("marking-criteria"),
        JudgeViewSet("judges"),
        DeclaredRelationViewSet("declared-relations"),
        EntryViewSet("competition-entries"),
        ResultViewSet("competition-results"),
        AwardViewSet("competition-awards"),
        PromotionViewSet("competition-promotions"),
    )
