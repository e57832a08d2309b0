"""Statistics reports in the Wagtail admin: the list (state and period filters),
generating a report, its page with the frozen table and the actions as buttons,
the files a worker writes, and who has not submitted yet."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from lms import policy
from lms.admin_helpers import add_errors
from lms.models import Region
from lms.parsing import BadInput
from lms.scoping import ScopedModelViewSet, ScopedObjectMixin
from reporting.models import (
    ExportFormat,
    ReportState,
    StatisticsReport,
    StatisticsReportExport,
)
from reporting.reports import services
from reporting.reports.periods import Period, recent_periods
from reporting.reports.snapshot import table_rows

NAMESPACE = "statistics-reports"


def _period_choices():
    return [(p.slug, p.label) for p in recent_periods(timezone.localdate())]


def _report_in_scope(request, pk: int) -> StatisticsReport:
    if not request.user.has_perm("reporting.view_statisticsreport"):
        raise PermissionDenied
    return get_object_or_404(
        StatisticsReport.objects.in_scope(request.user).select_related("region"), pk=pk
    )


def _inspect_url(report: StatisticsReport) -> str:
    return reverse(f"{NAMESPACE}:inspect", args=[report.pk])


class ReportFilterSet(WagtailFilterSet):
    class Meta:
        model = StatisticsReport
        fields = ["state", "year", "quarter"]


class ReportIndexView(ScopedModelViewSet.index_view_class):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("region")

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if policy.oversees_statistics_of(self.request.user).exists():
            buttons.append(
                HeaderButton(
                    _("Not yet submitted"),
                    url=reverse(f"{NAMESPACE}:not_submitted"),
                    icon_name="warning",
                )
            )
        return buttons


class GenerateForm(forms.Form):
    period = forms.ChoiceField(label=_("period"))
    region = forms.ModelChoiceField(label=_("region"), queryset=Region.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = _period_choices()
        own = policy.department_region_code(user)
        if user.is_superuser:
            self.fields["region"].queryset = Region.objects.active()
        else:
            self.fields["region"].queryset = Region.objects.filter(code=own)
            self.fields["region"].initial = own


class GenerateReportView(WagtailAdminTemplateMixin, FormView):
    """Freeze the figures of the officer's region for a period that has ended."""

    template_name = "wagtailadmin/generic/form.html"
    form_class = GenerateForm
    page_title = _("Generate a statistics report")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("reporting.add_statisticsreport"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=gettext("Generate"),
            submit_button_active_label=gettext("Generating…"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            report = services.generate_report(
                region=form.cleaned_data["region"],
                period=Period.parse(form.cleaned_data["period"]),
                user=self.request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext("The figures are frozen in the report."))
        return HttpResponseRedirect(_inspect_url(report))


class ReportInspectView(ScopedObjectMixin, InspectView):
    """The report as filed: its frozen tables, its steps, its files, and the
    actions the user may take on it."""

    template_name = "reporting/admin/report_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        snapshot = report.snapshot
        exports = [e for e in report.exports.all() if e.is_current]
        context.update(
            report=report,
            snapshot=snapshot,
            tables=[
                {**table, "rows": table_rows(snapshot, table["key"])}
                for table in snapshot.get("tables", [])
            ],
            steps=report.steps.select_related("actor"),
            exports=exports,
            exporting=any(e.state in ("queued", "running") for e in exports),
            may_prepare=policy.may_prepare_statistics_report(user, report.region)
            and report.state in (ReportState.DRAFT, ReportState.RETURNED),
            may_decide=policy.may_decide_statistics_report(user, report)
            and report.state == ReportState.SUBMITTED,
            formats=ExportFormat.choices,
            namespace=NAMESPACE,
        )
        return context

    def get_fields(self):
        return ["region", "state", "generated_at", "submitted_at", "decided_at"]


class ReportActionView(View):
    """A button on the report page: POST only, one service, back to the page."""

    http_method_names = ["post"]
    done = ""

    def post(self, request, pk: int, **kwargs):
        report = _report_in_scope(request, pk)
        try:
            self.run(report, request, **kwargs)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, self.done)
        return HttpResponseRedirect(_inspect_url(report))

    def run(self, report, request, **kwargs):
        raise NotImplementedError


class SubmitView(ReportActionView):
    done = _("The report is submitted to the level above.")

    def run(self, report, request):
        services.submit_report(report=report, user=request.user)


class AcceptView(ReportActionView):
    done = _("The report is accepted.")

    def run(self, report, request):
        services.accept_report(report=report, user=request.user)


class RegenerateView(ReportActionView):
    done = _("The figures are frozen in the report again.")

    def run(self, report, request):
        services.generate_report(
            region=report.region, period=report.period, user=request.user
        )


class ExportView(ReportActionView):
    done = _("The file is being written; it appears below when it is ready.")

    def run(self, report, request, format):
        services.request_export(report=report, user=request.user, format=format)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The region sees it and corrects its report."),
    )


class ReturnView(WagtailAdminTemplateMixin, FormView):
    """Send a submitted report back to its region, with the reason."""

    template_name = "wagtailadmin/generic/form.html"
    form_class = ReturnForm
    page_title = _("Return the report")
    header_icon = "undo"

    def dispatch(self, request, *args, **kwargs):
        self.report = _report_in_scope(request, kwargs["pk"])
        if not policy.may_decide_statistics_report(request.user, self.report):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.report)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=gettext("Return"),
            submit_button_active_label=gettext("Returning…"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.return_report(
                report=self.report,
                user=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext("The report is returned."))
        return HttpResponseRedirect(_inspect_url(self.report))


@never_cache
def download_export(request, pk: int) -> FileResponse:
    """A written file of a report the user may read, streamed from storage; a
    file of another region's report does not exist for them."""
    if not request.user.has_perm("reporting.view_statisticsreport"):
        raise PermissionDenied
    export = get_object_or_404(
        StatisticsReportExport.objects.in_scope(request.user).select_related(
            "report__region"
        ),
        pk=pk,
    )
    if export.state != StatisticsReportExport.State.DONE or not export.file:
        raise Http404
    content_type = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf": "application/pdf",
    }[export.format]
    return FileResponse(
        export.file.storage.open(export.file.name, "rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=content_type,
    )


class NotSubmittedView(WagtailAdminTemplateMixin, TemplateView):
    """The regions one level below the user's, for a period: whose report has
    come up (submitted, accepted) and whose has not."""

    template_name = "reporting/admin/not_submitted.html"
    page_title = _("Statistics reports not yet submitted")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("reporting.view_statisticsreport"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        choices = _period_choices()
        raw = self.request.GET.get("period") or choices[0][0]
        try:
            period = Period.parse(raw)
        except ValueError:
            raise BadInput(gettext("Not a reporting period.")) from None
        regions = policy.oversees_statistics_of(self.request.user)
        reports = {
            r.region_id: r
            for r in StatisticsReport.objects.in_scope(self.request.user)
            .for_period(period)
            .filter(region__in=regions)
        }
        rows = [(region, reports.get(region.code)) for region in regions]
        waiting = [
            region
            for region, report in rows
            if report is None
            or report.state not in (ReportState.SUBMITTED, ReportState.ACCEPTED)
        ]
        return super().get_context_data(
            period=period,
            choices=choices,
            rows=rows,
            waiting=waiting,
            overdue=period.due_on < timezone.localdate(),
            namespace=NAMESPACE,
            **kwargs,
        )


class ReportForm(WagtailAdminModelForm):
    """No field of a report is edited by hand (the permission policy offers no
    edit view); its steps are services."""

    class Meta:
        model = StatisticsReport
        fields: list = []


class StatisticsReportViewSet(ScopedModelViewSet):
    """Statistics reported upward (非遗工坊建设情况统计)."""

    model = StatisticsReport
    icon = "table"
    menu_label = _("Statistics reports")
    menu_order = 265
    add_to_admin_menu = True
    filterset_class = ReportFilterSet
    index_view_class = ReportIndexView
    inspect_view_class = ReportInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["region", "period_label", "state", "generated_at", "submitted_at"]
    list_export = [
        "region",
        "year",
        "quarter",
        "state",
        "generated_at",
        "submitted_at",
        "decided_at",
    ]
    export_filename = "statistics-reports"

    def get_form_class(self, for_update=False):
        return ReportForm

    @property
    def add_view(self):
        # Adding a report is generating it, through the service.
        return GenerateReportView.as_view()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/submit/", SubmitView.as_view(), name="submit"),
            path("<int:pk>/accept/", AcceptView.as_view(), name="accept"),
            path("<int:pk>/return/", ReturnView.as_view(), name="return"),
            path("<int:pk>/regenerate/", RegenerateView.as_view(), name="regenerate"),
            path("<int:pk>/export/<str:format>/", ExportView.as_view(), name="export"),
            path("files/<int:pk>/", download_export, name="download"),
            path("not-submitted/", NotSubmittedView.as_view(), name="not_submitted"),
        ]
