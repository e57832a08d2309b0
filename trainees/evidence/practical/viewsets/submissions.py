"""Staff views of practical work in the Wagtail admin: grading hand-ins, authoring
rubrics, scoring assessments, reading results; each scoped and exportable."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.views.generic import EditView

from courses.models import CoursePage
from lms import policy
from lms.admin_helpers import ServiceErrorsMixin
from lms.models import User
from lms.scoping import ScopedModelViewSet, ScopedObjectMixin
from trainees.evidence.practical import services
from trainees.evidence.practical.models import (
    Rubric,
    Submission,
)


class GradeForm(WagtailAdminModelForm):
    RESULTS = [
        ("", _("From the score")),
        ("passed", _("Passed")),
        ("failed", _("Not passed")),
    ]
    result = forms.ChoiceField(label=_("result"), choices=RESULTS, required=False)
    score = forms.DecimalField(
        label=_("score (0–100)"), required=False, max_digits=5, decimal_places=1
    )
    comment = forms.CharField(
        label=_("comment for the trainee"), required=False, widget=forms.Textarea
    )

    class Meta:
        model = Submission
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_graded:
            self.fields["result"].initial = self.instance.status
            self.fields["score"].initial = self.instance.score
            self.fields["comment"].initial = self.instance.comment


class GradeSubmissionView(ServiceErrorsMixin, ScopedObjectMixin, EditView):
    """The grading screen (评阅): the evidence above, the grade below."""

    template_name = "practical/admin/grade.html"

    def save_instance(self):
        data = self.form.cleaned_data
        passed = {"passed": True, "failed": False}.get(data["result"])
        return services.grade_submission(
            submission=self.object,
            graded_by=self.request.user,
            passed=passed,
            score=data["score"],
            comment=data["comment"],
        )


class SubmissionViewSet(ScopedModelViewSet):
    """Hand-ins of practical tasks (作业) of the courses in scope."""

    model = Submission
    icon = "form"
    menu_label = _("Practical hand-ins")
    edit_view_class = GradeSubmissionView
    list_display = ["enrolment", "lesson", "status", "score", "submitted_at"]
    list_filter = ["status", "submitted_at"]
    search_fields = ["enrolment__user__email", "lesson__title"]
    list_export = [
        "enrolment",
        "lesson",
        "status",
        "score",
        "comment",
        "submitted_at",
        "graded_by",
        "graded_at",
    ]
    export_filename = "practical-hand-ins"
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return GradeForm


def _colleagues(user) -> object:
    """Who may be named lead assessor: staff of the user's institution."""
    users = User.objects.filter(scope__institution__isnull=False)
    if not policy.sees_everything(user):
        users = users.filter(scope__institution_id=policy.staff_institution_id(user))
    return users.order_by("username")


class RubricForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.in_scope(self.for_user)
        self.fields["lead_assessor"].queryset = _colleagues(self.for_user)

    def clean(self):
        cleaned = super().clean()
        criteria = self.formsets.get("criteria")
        if criteria is not None and criteria.is_valid() and cleaned.get("pass_mark"):
            maximum = sum(
                (
                    form.cleaned_data.get("max_marks") or Decimal(0)
                    for form in criteria.forms
                    if form.cleaned_data and not form.cleaned_data.get("DELETE")
                ),
                Decimal(0),
            )
            if cleaned["pass_mark"] > maximum:
                self.add_error(
                    "pass_mark",
                    _("The pass mark is above the %(max)s marks the criteria give.")
                    % {"max": maximum},
                )
        if cleaned.get("aggregation") == "lead" and not cleaned.get("lead_assessor"):
            self.add_error(
                "lead_assessor", _("Name the lead assessor, or use the average.")
            )
        return cleaned


class EditRubricView(ScopedObjectMixin, EditView):
    def save_instance(self):
        rubric = super().save_instance()
        services.refresh_rubric_results(rubric=rubric)  # the pass mark may have moved
        return rubric


class RubricViewSet(ScopedModelViewSet):
    """Rubrics (评分细则) of the courses in scope, with their criteria inline."""

    model = Rubric
    icon = "list-ol"
    menu_label = _("Rubrics")
    edit_view_class = EditRubricView
    edit_handler = ObjectList(Rubric.panels, base_form_class=RubricForm)
    list_display = ["title", "course", "pass_mark", "aggregation", "lead_assessor"]
    search_fields = ["title", "course__title"]
    list_export = ["title", "course", "pass_mark", "aggregation", "lead_assessor"]
    export_filename = "rubrics"
    inspect_view_enabled = True
    copy_view_enabled = False
