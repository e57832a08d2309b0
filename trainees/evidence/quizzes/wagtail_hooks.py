from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.policy import ActionsPermissionPolicy
from trainees.evidence.quizzes.models import Attempt, Question, Quiz
from trainees.evidence.quizzes.viewsets import QuizzesViewSetGroup

register_permission_policy(Quiz)
register_permission_policy(Question)
# Attempts are written by the grading service only: nobody adds, edits or deletes
# one by hand, not even a superuser.
register_permission_policy(Attempt, ActionsPermissionPolicy(Attempt, allowed={"view"}))


@hooks.register("register_admin_viewset")
def register_quiz_viewsets():
    return QuizzesViewSetGroup()
