from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from trainees.evidence.quizzes.models import Attempt, Question, Quiz
from trainees.evidence.quizzes.viewsets import QuizzesViewSetGroup


class GradedByServerPolicy(ModelPermissionPolicy):
    """Attempts are written by the grading service only: nobody adds, edits or
    deletes one by hand, not even a superuser."""

    WRITES = ("add", "change", "delete")

    def user_has_permission(self, user, action):
        return action not in self.WRITES and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        reads = [action for action in actions if action not in self.WRITES]
        return super().users_with_any_permission(reads)


register_permission_policy(Quiz)
register_permission_policy(Question)
register_permission_policy(Attempt, GradedByServerPolicy(Attempt))


@hooks.register("register_admin_viewset")
def register_quiz_viewsets():
    return QuizzesViewSetGroup()
