"""People and their talent profile (人才档案) in the admin. A roof module, like the
URL configuration: it reads every app through ``lms.roof.selectors``."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, InspectView

from lms.admin_helpers import ServiceErrorsMixin
from lms.identity import validate_id_number
from lms.models import Person
from lms.roof.selectors import talent_profile
from lms.scoping import ScopedModelViewSet, ScopedObjectMixin
from lms.services import register_person


class PersonForm(WagtailAdminModelForm):
    """Register a person by real name and ID number; a known number is found, not
    doubled."""

    id_number = forms.CharField(
        label=_("ID number"), max_length=18, validators=[validate_id_number]
    )
    mobile = forms.CharField(label=_("mobile number"), max_length=20, required=False)

    class Meta:
        model = Person
        fields = ["real_name", "id_number", "mobile", "household_region"]


class RegisterPersonView(ServiceErrorsMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return register_person(
            real_name=data["real_name"],
            id_number=data["id_number"],
            mobile=data["mobile"],
            household_region=data["household_region"],
            registered_by=self.request.user,
        )


class TalentProfileView(ScopedObjectMixin, InspectView):
    template_name = "lms/admin/talent_profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["profile"] = talent_profile(self.object)
        return context


class PersonViewSet(ScopedModelViewSet):
    """Everyone on the platform, once, with what they hold and have learned."""

    model = Person
    icon = "user"
    menu_label = _("People")
    menu_order = 150
    add_to_admin_menu = True
    add_view_class = RegisterPersonView
    inspect_view_class = TalentProfileView
    inspect_view_enabled = True
    inspect_view_fields = [
        "real_name",
        "id_number_masked",
        "mobile_masked",
        "sex",
        "birth_date",
        "household_region",
    ]
    form_fields = ["real_name", "household_region"]
    list_display = [
        "real_name",
        "id_number_masked",
        "mobile_masked",
        "household_region",
    ]
    list_filter = ["household_region__level", "sex"]
    search_fields = ["real_name"]
    list_export = [
        "real_name",
        "id_number_masked",
        "sex",
        "birth_date",
        "household_region",
    ]
    export_filename = "people"
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        if for_update:
            return super().get_form_class(for_update)
        return PersonForm
