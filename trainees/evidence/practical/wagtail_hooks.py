from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.policy import ActionsPermissionPolicy
from trainees.evidence.practical.models import (
    Assessment,
    AssessmentResult,
    Rubric,
    Submission,
)
from trainees.evidence.practical.viewsets import PracticalViewSetGroup

# Hand-ins, scoresheets and results are evidence for public money: kept, not deleted.
register_permission_policy(
    Submission, ActionsPermissionPolicy(Submission, allowed={"view", "change"})
)
register_permission_policy(Rubric)
register_permission_policy(
    Assessment, ActionsPermissionPolicy(Assessment, allowed={"view", "add", "change"})
)
register_permission_policy(
    AssessmentResult, ActionsPermissionPolicy(AssessmentResult, allowed={"view"})
)


@hooks.register("register_admin_viewset")
def register_practical_viewsets():
    return PracticalViewSetGroup()


@hooks.register("register_log_actions")
def register_practical_actions(actions):
    actions.register_action(
        "practical.grade", _("Grade practical work"), _("Practical work graded")
    )
    actions.register_action(
        "practical.assess", _("Score an assessment"), _("Assessment scored")
    )
