"""Admin view sets of the ground: regions and staff scopes."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSetGroup

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
