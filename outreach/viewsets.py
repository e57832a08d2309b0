"""Admin view sets of the outreach app: brands and IP records, surveys with their
results by region (and XLSX), and the workshops' answers with their return."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSetGroup

from lms import policy
from lms.admin_helpers import (
    ObjectActionView,
    ScopedChoicesForm,
    export_spec,
    region_filterset,
)
from lms.scoping import ScopedModelViewSet
from lms.spreadsheets import xlsx_bytes
from outreach.models import IpRecord, Survey, SurveyResponse
from outreach.selectors import figures_rows, survey_figures
from outreach.services import return_survey_response

ip_export, ip_headings = export_spec(
    ("workshop.name", _("workshop")),
    ("workshop.region", _("county")),
    ("get_kind_display", _("kind")),
    ("title", None),
    ("registration_number", None),
    ("holder", None),
    ("valid_from", None),
    ("valid_until", None),
    ("revoked", None),
)


class IpRecordViewSet(ScopedModelViewSet):
    model = IpRecord
    icon = "tag"
    menu_label = _("Brands and IP")
    list_display = ["title", "kind", "registration_number", "workshop", "valid_until"]
    filterset_class = region_filterset(
        IpRecord, lookup="workshop__region__code", fields=["kind", "revoked"]
    )
    search_fields = ["title", "registration_number", "holder", "workshop__name"]
    list_export = ip_export
    export_headings = ip_headings
    export_filename = "brands-and-ip"
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("workshop"), FieldPanel("kind")]),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("registration_number"), FieldPanel("holder")]),
            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
            FieldPanel("revoked"),
        ],
        base_form_class=ScopedChoicesForm,
    )


class SurveyForm(ScopedChoicesForm):
    def save(self, commit=True):
        if self.instance.pk is None and self.for_user is not None:
            self.instance.created_by = self.for_user
        return super().save(commit=commit)


class SurveyResultsView(WagtailAdminTemplateMixin, TemplateView):
    """A survey's figures by the regions one level below the viewer's (or the
    survey's) region; ``?format=xlsx`` downloads them."""

    template_name = "outreach/admin/survey_results.html"
    page_title = _("Survey results")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not policy.may_read(request.user, Survey):
            raise PermissionDenied
        self.survey = get_object_or_404(
            Survey.objects.in_scope(request.user), pk=kwargs["pk"]
        )
        code = policy.department_region_code(request.user) or self.survey.region_id
        self.figures = survey_figures(survey=self.survey, region_code=code)
        self.rows = figures_rows(self.figures)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(
                xlsx_bytes(self.rows),
                content_type="application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet",
            )
            name = f"survey-{self.survey.pk}-{self.figures.region_code}.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.survey.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            survey=self.survey,
            heading=self.rows[0],
            rows=self.rows[1:],
            xlsx_url=reverse("surveys:results", args=[self.survey.pk]) + "?format=xlsx",
        )
        return context


def _with_action(index_view_class, label: str, url_name: str, icon: str):
    """An index view whose rows' menu also offers one action of the view set."""

    class IndexView(index_view_class):
        def get_list_more_buttons(self, instance):
            return [
                *super().get_list_more_buttons(instance),
                MenuItem(
                    label,
                    url=reverse(url_name, args=[instance.pk]),
                    icon_name=icon,
                    priority=40,
                ),
            ]

    return IndexView


class SurveyViewSet(ScopedModelViewSet):
    model = Survey
    index_view_class = _with_action(
        ScopedModelViewSet.index_view_class, _("Results"), "surveys:results", "table"
    )
    icon = "form"
    menu_label = _("Surveys")
    list_display = ["title", "region", "period_end", "due_on"]
    search_fields = ["title"]
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("title"), FieldPanel("region")]),
            FieldPanel("instructions"),
            FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            FieldRowPanel([FieldPanel("opens_on"), FieldPanel("due_on")]),
            InlinePanel("questions", label=_("Questions"), min_num=1),
        ],
        base_form_class=SurveyForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("results/<int:pk>/", SurveyResultsView.as_view(), name="results"),
        ]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("what should be corrected"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReturnView(ObjectActionView):
    model = SurveyResponse
    url_namespace = "survey-answers"
    form_class = ReturnForm
    action_label = _("Return for correction")
    success_message = _("The answers of %(object)s were returned for correction.")
    header_icon = "undo"

    def run(self, data):
        return_survey_response(
            response=self.object, user=self.request.user, reason=data["reason"]
        )


answer_export, answer_headings = export_spec(
    ("survey.title", _("survey")),
    ("workshop.name", _("workshop")),
    ("workshop.region", _("county")),
    ("get_state_display", _("state")),
    ("submitted_at", None),
    ("times_submitted", _("times submitted")),
)


class SurveyResponseViewSet(ScopedModelViewSet):
    model = SurveyResponse
    index_view_class = _with_action(
        ScopedModelViewSet.index_view_class,
        _("Return for correction"),
        "survey-answers:return",
        "undo",
    )
    icon = "doc-full"
    menu_label = _("Survey answers")
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["workshop", "survey", "state", "submitted_at"]
    filterset_class = region_filterset(
        SurveyResponse, lookup="workshop__region__code", fields=["survey", "state"]
    )
    search_fields = ["workshop__name"]
    list_export = answer_export
    export_headings = answer_headings
    export_filename = "survey-answers"
    inspect_view_fields = [
        "survey",
        "workshop",
        "state",
        "submitted_at",
        "times_submitted",
        "answers_text",
        "return_reason",
    ]
    # Answers change only through the leader (answering) or a return (below).
    edit_handler = ObjectList([FieldPanel("return_reason", read_only=True)])

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "return/<int:pk>/",
                ReturnView.as_view(permission_policy=self.permission_policy),
                name="return",
            ),
        ]


class OutreachViewSetGroup(ModelViewSetGroup):
    menu_label = _("Brands, cases and surveys")
    menu_icon = "pick"
    menu_order = 330
    items = (
        IpRecordViewSet("brands-and-ip"),
        SurveyViewSet("surveys"),
        SurveyResponseViewSet("survey-answers"),
    )
