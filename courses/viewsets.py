from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.services import register_institution
from lms import policy
from lms.models import Institution
from lms.scoping import ScopedModelViewSet

INSTITUTION_FIELDS = [
    "name",
    "credit_code",
    "region",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
]

# Who the institution is and where: changed only by the departments above it.
IDENTITY_FIELDS = ["name", "credit_code", "region"]


class InstitutionForm(WagtailAdminModelForm):
    """An institution's record. Its own staff keep their address and contacts up
    to date; its name, credit code and region are fixed for them
    (``policy.may_change_institution_identity``), even in a crafted POST."""

    class Meta:
        model = Institution
        fields = INSTITUTION_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not policy.may_change_institution_identity(
            self.for_user, self.instance
        ):
            for name in IDENTITY_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Changed by the culture or HR department above the institution."
                )


class RegisterInstitutionView(ScopedModelViewSet.add_view_class):
    """Creating an institution registers it: record, course subtree, staff group."""

    def save_instance(self):
        data = self.form.cleaned_data
        return register_institution(
            **{name: data[name] for name in INSTITUTION_FIELDS},
            registered_by=self.request.user,
        )


class InstitutionViewSet(ScopedModelViewSet):
    model = Institution
    icon = "group"
    menu_label = _("Institutions")
    menu_order = 200
    add_to_admin_menu = True
    add_view_class = RegisterInstitutionView
    form_fields = INSTITUTION_FIELDS
    list_display = ["name", "credit_code", "region", "contact_name", "created_at"]
    list_filter = ["region__level"]
    search_fields = ["name", "credit_code", "contact_name"]
    list_export = ["name", "credit_code", "region", "address", "contact_name"]
    export_filename = "institutions"
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return InstitutionForm
