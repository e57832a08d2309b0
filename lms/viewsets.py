"""Admin view sets of the ground: regions and staff scopes; the population lists
that rural revitalization officers import; the site history, scoped by the access
policy."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import IntegerField, Value
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
)
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.log_actions import registry as log_action_registry

from lms import policy
from lms.admin_helpers import ServiceErrorsMixin
from lms.models import PopulationImport, Region, StaffScope
from lms.population import MAX_UPLOAD_BYTES, TEMPLATE_HEADINGS, shown_id_number
from lms.roles import STAFF_ROLES, Role
from lms.scoping import ScopedModelViewSet
from lms.services import grant_scope, import_population_list
from lms.spreadsheets import safe_cell, xlsx_bytes


class RegionViewSet(ScopedModelViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    form_fields = ["code", "name", "name_en", "parent", "retired"]
    list_display = ["code", "name", "name_en", "level", "retired"]
    list_filter = ["level", "retired"]
    search_fields = ["code", "name", "name_en"]
    list_export = ["code", "name", "name_en", "level", "parent", "retired"]
    export_filename = "regions"
    list_per_page = 50
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        if for_update:
            form_class.base_fields["code"].disabled = True
        return form_class


class StaffScopeForm(WagtailAdminModelForm):
    role = forms.ChoiceField(
        label=_("role"), choices=[(r.value, r.label) for r in Role if r in STAFF_ROLES]
    )

    class Meta:
        model = StaffScope
        fields = ["user", "role", "region", "institution"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            names = self.instance.user.groups.values_list("name", flat=True)
            self.fields["role"].initial = next(
                (name for name in names if name in Role.values), None
            )


class GrantScopeMixin:
    """Saving a scope grants it through the service, which also sets the groups."""

    def save_instance(self):
        data = self.form.cleaned_data
        return grant_scope(
            user=data["user"],
            role=Role(data["role"]),
            region=data["region"],
            institution=data["institution"],
            granted_by=self.request.user,
        )


class StaffScopeViewSet(ScopedModelViewSet):
    model = StaffScope
    icon = "lock"
    menu_label = _("Staff scopes")
    add_view_class = type(
        "GrantScopeView",
        (ServiceErrorsMixin, GrantScopeMixin, ScopedModelViewSet.add_view_class),
        {},
    )
    edit_view_class = type(
        "EditScopeView",
        (ServiceErrorsMixin, GrantScopeMixin, ScopedModelViewSet.edit_view_class),
        {},
    )
    list_display = ["user", "region", "institution"]
    search_fields = ["user__email", "user__username", "region__name"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return StaffScopeForm


class PlatformViewSetGroup(ModelViewSetGroup):
    menu_label = _("Platform")
    menu_icon = "cogs"
    menu_order = 900
    items = (RegionViewSet("regions"), StaffScopeViewSet("staff-scopes"))


class PopulationListForm(forms.Form):
    file = forms.FileField(
        label=_("population list"),
        help_text=_(
            "An .xlsx or .csv file with the columns 身份证号码, 姓名, 人群类别 "
            "(脱贫人口 or 防返贫监测对象), 开始日期, 结束日期 (empty while it lasts) "
            "and, for people whose ID number does not name their county, 户籍地区代码."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 20 MB; split it."))
        return upload


# A report longer than this shows its first rows and says how many more there are.
REPORT_ROWS_SHOWN = 500


class PopulationListUploadView(WagtailAdminTemplateMixin, FormView):
    """Upload a population list: every problem of every row is reported, and a
    list with any bad row imports nothing."""

    template_name = "lms/admin/population_import.html"
    form_class = PopulationListForm
    page_title = _("Import a population list")
    header_icon = "upload"
    permission_policy = None

    def dispatch(self, request, *args, **kwargs):
        if not policy.may_import_population_lists(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("population-lists:index"), "label": _("Population lists")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            template_url=reverse("population-lists:template"), **kwargs
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            report = import_population_list(
                file=upload, file_name=upload.name, by=self.request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        if report.ok:
            messages.success(
                self.request,
                _("Imported %(periods)s status periods; %(people)s people added.")
                % {
                    "periods": report.record.periods_created,
                    "people": report.record.people_created,
                },
            )
        full = policy.may_see_full_id_numbers(self.request.user)
        problems = [
            {
                "row": problem.row,
                "id_number": shown_id_number(problem.id_number, full=full),
                "name": safe_cell(problem.name),
                "message": problem.message,
            }
            for problem in report.problems[:REPORT_ROWS_SHOWN]
        ]
        return self.render_to_response(
            self.get_context_data(
                form=self.form_class(),
                report=report,
                problems=problems,
                problems_not_shown=max(0, len(report.problems) - REPORT_ROWS_SHOWN),
            )
        )


def population_list_template(request):
    """The empty list to fill in, with the Chinese headings."""
    if not policy.may_import_population_lists(request.user):
        raise PermissionDenied
    response = HttpResponse(
        xlsx_bytes([TEMPLATE_HEADINGS]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="population-list.xlsx"'
    return response


class PopulationImportIndexView(ScopedModelViewSet.index_view_class):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("region", "imported_by")

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if policy.may_import_population_lists(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Download the template"),
                    url=reverse("population-lists:template"),
                    icon_name="download",
                )
            )
        return buttons


class PopulationImportViewSet(ScopedModelViewSet):
    """The population lists imported (脱贫人口, 防返贫监测对象): who imported which
    file, when, and what it created; the upload itself."""

    model = PopulationImport
    icon = "group"
    menu_label = _("Population lists")
    add_to_admin_menu = True
    menu_order = 850
    index_view_class = PopulationImportIndexView
    list_display = [
        "file_name",
        "region",
        "imported_by",
        "imported_at",
        "rows",
        "people_created",
        "periods_created",
    ]
    list_export = list_display
    export_filename = "population-list-imports"
    inspect_view_enabled = True
    inspect_view_fields = list_display
    copy_view_enabled = False
    form_fields = ["file_name"]

    @property
    def add_view(self):
        return PopulationListUploadView.as_view()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("template/", population_list_template, name="template"),
        ]


def _logged_users(request):
    User = get_user_model()
    ids = set()
    for log_model in log_action_registry.get_log_entry_models():
        ids.update(policy.visible_log_entries(request.user, log_model).get_user_ids())
    return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)


def _logged_types(request):
    ids = set()
    for log_model in log_action_registry.get_log_entry_models():
        entries = policy.visible_log_entries(request.user, log_model)
        ids.update(entries.get_content_type_ids())
    return ContentType.objects.filter(pk__in=ids).order_by("model")


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """The site history's filters offer only the users, types and actions of the
    entries the viewer may read."""

    object_type = ContentTypeFilter(
        label=_("Type"), method="filter_object_type", queryset=_logged_types
    )

    def get_action_choices(self):
        actions = set()
        for log_model in log_action_registry.get_log_entry_models():
            entries = policy.visible_log_entries(self.request.user, log_model)
            actions.update(entries.get_actions())
        choices = log_action_registry.get_choices()
        return [choice for choice in choices if choice[0] in actions]

    def get_user_choices(self):
        return _logged_users(self.request)


class ScopedSiteHistoryView(LogEntriesView):
    """Wagtail's site history (and its CSV/XLSX export), but only the log entries of
    objects the viewer may see (``policy.visible_log_entries``)."""

    filterset_class = ScopedSiteHistoryFilterSet

    def get_filtered_queryset(self):
        self.log_models = list(log_action_registry.get_log_entry_models())
        queryset = None
        for index, log_model in enumerate(self.log_models):
            rows = (
                policy.visible_log_entries(self.request.user, log_model)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            rows = self.filter_queryset(rows).order_by()
            queryset = rows if queryset is None else queryset.union(rows, all=True)
        return queryset.order_by("-timestamp")


class ImagesAdminAPI(ImagesAdminAPIViewSet):
    """The admin API's images: only those the user may choose or manage (Wagtail's
    own endpoint lists every image to any admin user)."""

    def get_queryset(self):
        return super().get_queryset() & policy.choosable(self.request.user, self.model)


class DocumentsAdminAPI(DocumentsAdminAPIViewSet):
    """The admin API's documents: only those the user may choose or manage."""

    def get_queryset(self):
        return super().get_queryset() & policy.choosable(self.request.user, self.model)


class WholeSitePageTypesView(PageTypesUsageReportView):
    """Wagtail's page types usage counts every institution's pages and names the
    last one edited: a report of the whole site, for superusers only."""

    def dispatch(self, request, *args, **kwargs):
        if not policy.may_read_whole_site_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
