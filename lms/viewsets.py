"""Admin view sets of the ground: regions and staff scopes; the site history,
scoped by the access policy."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Value
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
)
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.log_actions import registry as log_action_registry

from lms import policy
from lms.admin_helpers import ServiceErrorsMixin
from lms.models import Region, StaffScope
from lms.roles import STAFF_ROLES, Role
from lms.scoping import ScopedModelViewSet
from lms.services import grant_scope


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
