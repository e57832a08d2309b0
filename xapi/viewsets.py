"""The admin's read-only report of the learning-record outbox: what waits to be
sent to the LRS, how often it failed and the last error (superusers only)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from lms import policy
from xapi import lrs
from xapi.models import Statement


def backlog_summary() -> dict:
    """Counts and the latest error of the statements still waiting."""
    waiting = Statement.objects.pending()
    figures = waiting.aggregate(oldest=Min("created_at"))
    latest_failure = waiting.failing().order_by("-last_attempt_at").first()
    return {
        "configured": lrs.is_configured(),
        "waiting": waiting.count(),
        "failing": waiting.failing().count(),
        "oldest": figures["oldest"],
        "last_error": latest_failure.last_error if latest_failure else "",
        "last_error_at": latest_failure.last_attempt_at if latest_failure else None,
        "sent": Statement.objects.filter(sent_at__isnull=False).count(),
    }


class OutboxReportView(ReportView):
    page_title = _("Learning records outbox")
    header_icon = "resubmit"
    index_url_name = "xapi_outbox"
    index_results_url_name = "xapi_outbox_results"
    results_template_name = "xapi/outbox_results.html"
    columns = [
        DateColumn("created_at", label=_("Written at")),
        Column("verb", label=_("Verb")),
        Column("source", label=_("Evidence")),
        Column("attempts", label=_("Failed tries")),
        DateColumn("next_attempt_at", label=_("Next try at")),
        Column("last_error", label=_("Last error")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not policy.may_see_learning_record_outbox(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Statement.objects.pending().order_by("created_at", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["backlog"] = backlog_summary()
        return context
