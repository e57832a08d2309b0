"""Assessors' scoresheets in the Wagtail admin: pick a rubric and a trainee, then
enter marks for each criterion; the results listing follows from the sheets."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView

from lms.admin_helpers import ServiceErrorsMixin
from lms.scoping import ScopedModelViewSet, ScopedObjectMixin
from trainees.evidence.practical import services
from trainees.evidence.practical.models import Assessment, AssessmentResult, Rubric
from trainees.models import Enrolment

PREFIX = "criterion_"


class ScoresheetForm(WagtailAdminModelForm):
    """Rubric, trainee, comment, and one marks field per criterion of the rubric
    (shown once the rubric is known: from the link, the instance or a first post)."""

    class Meta:
        model = Assessment
        fields = ["rubric", "enrolment", "comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rubrics = Rubric.objects.in_scope(self.for_user)
        self.fields["rubric"].queryset = rubrics
        enrolments = Enrolment.objects.enrolled().in_scope(self.for_user)
        self.rubric = self._chosen(rubrics)
        if self.rubric is not None:
            enrolments = enrolments.filter(course_id=self.rubric.course_id)
            self._add_marks_fields()
        self.fields["enrolment"].queryset = enrolments.select_related("user", "course")
        if self.instance.pk:
            self.fields["rubric"].disabled = True
            self.fields["enrolment"].disabled = True

    def _chosen(self, rubrics):
        key = self.add_prefix("rubric")
        value = (
            self.data.get(key) or self.initial.get("rubric") or self.instance.rubric_id
        )
        try:
            return rubrics.filter(pk=int(value)).first() if value else None
        except (TypeError, ValueError):
            return None

    def _add_marks_fields(self):
        given = {}
        if self.instance.pk:
            given = dict(self.instance.scores.values_list("criterion_id", "marks"))
        for criterion in self.rubric.criteria.all():
            self.fields[f"{PREFIX}{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.title} (0–{criterion.max_marks})",
                help_text=criterion.descriptors,
                max_digits=6,
                decimal_places=2,
                initial=given.get(criterion.pk),
            )

    def marks(self) -> dict:
        return {
            int(name.removeprefix(PREFIX)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(PREFIX)
        }

    def clean(self):
        cleaned = super().clean()
        rubric = cleaned.get("rubric")
        if rubric is not None and rubric != self.rubric:
            raise ValidationError(
                gettext("Now enter the marks for each criterion of this rubric.")
            )
        return cleaned


class ScoreMixin:
    def save_instance(self):
        data = self.form.cleaned_data
        return services.record_assessment(
            rubric=data["rubric"],
            enrolment=data["enrolment"],
            assessor=self.request.user,
            marks=self.form.marks(),
            comment=data["comment"],
        )


class ScoreView(ServiceErrorsMixin, ScoreMixin, CreateView):
    def get_initial(self):
        return {
            name: self.request.GET[name]
            for name in ("rubric", "enrolment")
            if name in self.request.GET
        }


class RescoreView(ServiceErrorsMixin, ScoreMixin, ScopedObjectMixin, EditView):
    def save_instance(self):
        if self.object.assessor_id != self.request.user.pk:
            raise ValidationError(
                gettext("Only the assessor who filled in a scoresheet can change it.")
            )
        return super().save_instance()


class AssessmentViewSet(ScopedModelViewSet):
    """Scoresheets (评分表): one per assessor and trainee on a rubric."""

    model = Assessment
    icon = "tasks"
    menu_label = _("Assessment scores")
    add_view_class = ScoreView
    edit_view_class = RescoreView
    list_display = ["enrolment", "rubric", "assessor", "total", "scored_at"]
    search_fields = ["enrolment__user__email", "rubric__title"]
    list_export = ["enrolment", "rubric", "assessor", "total", "comment", "scored_at"]
    export_filename = "assessment-scores"
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ScoresheetForm


class AssessmentResultViewSet(ScopedModelViewSet):
    """Results on rubrics (考核结果), read-only: they follow from the scoresheets."""

    model = AssessmentResult
    icon = "success"
    menu_label = _("Assessment results")
    list_display = ["enrolment", "rubric", "score", "passed", "assessors"]
    list_filter = ["passed"]
    search_fields = ["enrolment__user__email", "rubric__title"]
    list_export = ["enrolment", "rubric", "score", "passed", "assessors", "updated_at"]
    export_filename = "assessment-results"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["score", "passed"]  # never edited: the policy allows no change
