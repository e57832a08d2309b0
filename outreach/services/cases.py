"""The outstanding cases' workflow: a county officer nominates, the level above
decides (Wagtail's workflow, whose approval publishes the page)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lms import policy
from outreach.models import OutstandingCasePage


@transaction.atomic
def nominate_case(*, page: OutstandingCasePage, user) -> OutstandingCasePage:
    """Submit the page's latest content to the case workflow (its approval by the
    level above publishes it). Wagtail logs the submission."""
    if not policy.may_nominate_case(user, page.region):
        raise PermissionDenied
    workflow = page.get_workflow()
    if workflow is None:
        raise ValidationError(_("The outstanding case workflow is not set up."))
    if page.workflow_in_progress:
        raise ValidationError(_("This case is already waiting for a decision."))
    page.full_clean()
    page.save_revision(user=user)
    workflow.start(page, user)
    return page


@transaction.atomic
def decide_case(
    *, page: OutstandingCasePage, user, approve: bool, comment: str = ""
) -> OutstandingCasePage:
    """Approve (and so publish) or send back a nominated case; only those the
    workflow task offers the action may take it. Wagtail logs the decision."""
    state = page.current_workflow_task_state
    if state is None:
        raise ValidationError(_("This case is not waiting for a decision."))
    task = state.task.specific
    action = "approve" if approve else "reject"
    if action not in {name for name, *_ in task.get_actions(page, user)}:
        raise PermissionDenied
    task.on_action(state, user, action, comment=comment)
    page.refresh_from_db()
    return page
