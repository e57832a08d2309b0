from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.policy import ActionsPermissionPolicy
from reporting.models import StatisticsReport
from reporting.reports.views import NAMESPACE, StatisticsReportViewSet

# Reports are written by their services only: the admin lists, shows and adds
# (generates) them; submitting, accepting and returning are buttons on the page.
register_permission_policy(
    StatisticsReport,
    ActionsPermissionPolicy(StatisticsReport, allowed={"view", "add"}),
)


@hooks.register("register_admin_viewset")
def register_statistics_reports():
    return StatisticsReportViewSet(NAMESPACE)


LOG_ACTIONS = [
    ("reporting.generated", _("Generate statistics report"), _("Report generated")),
    (
        "reporting.regenerated",
        _("Generate statistics report again"),
        _("Report generated again"),
    ),
    ("reporting.submitted", _("Submit statistics report"), _("Report submitted")),
    ("reporting.returned", _("Return statistics report"), _("Report returned")),
    ("reporting.accepted", _("Accept statistics report"), _("Report accepted")),
    ("reporting.export", _("Export statistics report"), _("Report file requested")),
]


@hooks.register("register_log_actions")
def register_report_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)
