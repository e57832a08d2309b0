from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import CreateView

from courses.services import register_institution
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


class RegisterInstitutionView(CreateView):
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
