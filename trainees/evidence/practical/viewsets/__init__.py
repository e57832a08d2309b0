"""Practical work in the Wagtail admin: hand-ins and rubrics (``submissions``),
and rubric scoring of assessments (``scoresheets``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from trainees.evidence.practical.viewsets.scoresheets import (
    AssessmentResultViewSet,
    AssessmentViewSet,
)
from trainees.evidence.practical.viewsets.submissions import (
    RubricViewSet,
    SubmissionViewSet,
)

__all__ = ["PracticalViewSetGroup"]


class PracticalViewSetGroup(ModelViewSetGroup):
    menu_label = _("Practical work")
    menu_icon = "form"
    menu_order = 230

    items = (
        SubmissionViewSet("practical-hand-ins"),
        RubricViewSet("practical-rubrics"),
        AssessmentViewSet("practical-scores"),
        AssessmentResultViewSet("practical-results"),
    )
