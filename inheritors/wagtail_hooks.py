from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from inheritors.models import (
    Apprenticeship,
    IchItem,
    Inheritor,
    InheritorAssessment,
    InheritorPage,
    LeaderSupport,
    MasterStudio,
    StudioGrantScheme,
    TransmissionSubsidy,
    Workshop,
    WorkshopEmployee,
    WorkshopEmployment,
    WorkshopLeader,
    WorkshopPage,
    WorkshopProduct,
)
from inheritors.viewsets import VIEWSET_GROUPS

for model in (
    Apprenticeship,
    IchItem,
    Inheritor,
    InheritorAssessment,
    LeaderSupport,
    MasterStudio,
    StudioGrantScheme,
    TransmissionSubsidy,
    Workshop,
    WorkshopEmployee,
    WorkshopEmployment,
    WorkshopLeader,
    WorkshopProduct,
):
    register_permission_policy(model)


@hooks.register("register_admin_viewset")
def register_inheritors_viewsets():
    return [group() for group in VIEWSET_GROUPS]


@hooks.register("register_log_actions")
def register_inheritors_log_actions(actions):
    for action, label, message in [
        ("inheritors.workshop.identify", _("Identify workshop"), _("Identified")),
        ("inheritors.workshop.reject", _("Refuse workshop"), _("Refused")),
        (
            "inheritors.workshop.enter_library",
            _("Enter project library"),
            _("Entered the county project library"),
        ),
        ("inheritors.workshop.confirm", _("Confirm registration"), _("Confirmed")),
        (
            "inheritors.workshop.confirm_backdated",
            _("Confirm last year's registration late"),
            _("Confirmed for the year just ended, during the grace period"),
        ),
        ("inheritors.workshop.cancel", _("Cancel workshop"), _("Cancelled")),
        (
            "inheritors.product.assist",
            _("Mark for consumption assistance"),
            _("Checked and marked for consumption assistance (消费帮扶)"),
        ),
        (
            "inheritors.product.unassist",
            _("Unmark consumption assistance"),
            _("Checked; no longer marked for consumption assistance"),
        ),
        ("inheritors.inheritor.cancel", _("Cancel inheritor"), _("Title cancelled")),
        ("inheritors.studio.plan_funding", _("Plan funding"), _("Funding planned")),
        (
            "inheritors.leader.link_account",
            _("Link leader's account"),
            _("Account linked; workshop leader role given"),
        ),
    ]:
        actions.register_action(action, label, message)


def _record_of(page):
    page = page.specific
    if isinstance(page, WorkshopPage):
        return Workshop.objects, page.workshop_id
    if isinstance(page, InheritorPage):
        return Inheritor.objects, page.inheritor_id
    return None, None


@hooks.register("before_edit_page")
@hooks.register("before_delete_page")
@hooks.register("before_unpublish_page")
def keep_record_pages_in_scope(request, page):
    """A workshop's or inheritor's page is edited only by staff whose scope holds
    its record, whatever their page permissions."""
    records, pk = _record_of(page)
    if (
        records is not None
        and not records.in_scope(request.user).filter(pk=pk).exists()
    ):
        raise PermissionDenied
