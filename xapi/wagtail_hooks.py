from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms import policy
from xapi.viewsets import OutboxReportView


@hooks.register("register_admin_urls")
def register_outbox_report_urls():
    return [
        path("reports/xapi/", OutboxReportView.as_view(), name="xapi_outbox"),
        path(
            "reports/xapi/results/",
            OutboxReportView.as_view(results_only=True),
            name="xapi_outbox_results",
        ),
    ]


class OutboxMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.may_see_learning_record_outbox(request.user)


@hooks.register("register_reports_menu_item")
def register_outbox_menu_item():
    return OutboxMenuItem(
        _("Learning records outbox"),
        reverse("xapi_outbox"),
        name="xapi-outbox",
        icon_name="resubmit",
        order=900,
    )
