from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from inheritors.models.pages import WorkshopSection
from lms import policy
from lms.models.pages import HomeSection
from lms.policy import ActionsPermissionPolicy
from outreach.models import IpRecord, OutstandingCasePage, Survey, SurveyResponse
from outreach.viewsets import OutreachViewSetGroup

register_permission_policy(IpRecord)
register_permission_policy(Survey)
register_permission_policy(
    SurveyResponse,
    ActionsPermissionPolicy(SurveyResponse, allowed={"view", "change"}),
)

# How many published cases the home page shows.
HOME_CASES = 3


@hooks.register("register_admin_viewset")
def register_outreach_viewsets():
    return OutreachViewSetGroup()


@hooks.register("home_page_sections")
def outstanding_cases_section(request):
    cases = list(OutstandingCasePage.published()[:HOME_CASES])
    if not cases:
        return None
    return HomeSection(
        order=60, template="outreach/includes/home_cases.html", context={"cases": cases}
    )


@hooks.register("workshop_page_sections")
def workshop_rights_section(request, workshop):
    rights = list(
        IpRecord.objects.filter(workshop=workshop).valid_on(timezone.localdate())
    )
    if not rights:
        return None
    return WorkshopSection(
        order=20,
        template="outreach/includes/workshop_rights.html",
        context={"rights": rights},
    )


@hooks.register("before_create_page")
def keep_case_nominations_in_their_county(request, parent_page, page_class):
    """Only county officers (and superusers) write cases; the region they fill is
    checked when they submit (``nominate_case``) and below when they edit."""
    if page_class is OutstandingCasePage and not request.user.has_perm(
        "outreach.nominate_case"
    ):
        raise PermissionDenied


@hooks.register("before_edit_page")
@hooks.register("before_delete_page")
def keep_cases_in_scope(request, page):
    """A case is edited by its county's officers or by the level above."""
    if isinstance(page.specific, OutstandingCasePage):
        region = page.specific.region
        if not (
            policy.may_nominate_case(request.user, region)
            or policy.decides_for_region_below(request.user, region)
        ):
            raise PermissionDenied


@hooks.register("register_log_actions")
def register_outreach_log_actions(actions):
    for action, label, message in [
        ("outreach.survey.answer", _("Answer survey"), _("Survey answered")),
        (
            "outreach.survey.return",
            _("Return survey answers"),
            _("Survey answers returned for correction"),
        ),
    ]:
        actions.register_action(action, label, message)
