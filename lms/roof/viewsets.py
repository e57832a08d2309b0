"""People and their talent profile (人才档案) in the admin. A roof module, like the
URL configuration: it reads every app through ``lms.roof.selectors``."""

from django import forms
from django.contrib.auth import get_user_model
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import InspectView
from wagtail.admin.widgets.button import Button

from lms.admin_helpers import ObjectActionView, ServiceErrorsMixin
from lms.identity import IdNumberField
from lms.models import Person
from lms.roof.selectors import talent_profile
from lms.scoping import ScopedModelViewSet, ScopedObjectMixin
from lms.services import link_person_account, register_person
from lms.validators import MobileField

NAMESPACE = "people"


class PersonForm(WagtailAdminModelForm):
    """Register a person by real name and ID number; a known number is found, not
    doubled."""

    id_number = IdNumberField(label=_("ID number"))
    mobile = MobileField(label=_("mobile number"), required=False)

    class Meta:
        model = Person
        fields = ["real_name", "id_number", "mobile", "household_region"]


class RegisterPersonView(ServiceErrorsMixin, ScopedModelViewSet.add_view_class):
    def save_instance(self):
        data = self.form.cleaned_data
        return register_person(
            real_name=data["real_name"],
            id_number=data["id_number"],
            mobile=data["mobile"],
            household_region=data["household_region"],
            registered_by=self.request.user,
        )


class LinkAccountForm(forms.Form):
    account_email = forms.EmailField(
        label=_("email of the account"),
        help_text=_(
            "The site account this person logs in with. Link it only once you "
            "have checked who they are: in person with their ID card, or by "
            "calling the mobile number on their record."
        ),
    )

    def clean_account_email(self):
        email = self.cleaned_data["account_email"]
        account = get_user_model().objects.filter(email__iexact=email).first()
        if account is None:
            raise forms.ValidationError(_("No account signs in with this email."))
        return account


class LinkAccountView(ObjectActionView):
    """Staff link a person on record to the account they log in with, after
    checking who they are; the link is audit-logged. Self-service forms never
    link a known person (``lms.services.register_own_person``)."""

    model = Person
    url_namespace = NAMESPACE
    form_class = LinkAccountForm
    action_label = _("Link an account")
    success_message = _("%(object)s now logs in with this account.")
    header_icon = "link"

    def run(self, data: dict) -> None:
        link_person_account(
            person=self.object, account=data["account_email"], by=self.request.user
        )


def _link_button(view, person: Person) -> list[Button]:
    if person.user_id is not None or not view.user_has_permission("change"):
        return []
    return [
        Button(
            _("Link an account"),
            url=reverse(f"{NAMESPACE}:link_account", args=[person.pk]),
            icon_name="link",
            priority=40,
        )
    ]


class PersonIndexView(ScopedModelViewSet.index_view_class):
    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance), *_link_button(self, instance)]


class TalentProfileView(ScopedObjectMixin, InspectView):
    template_name = "lms/admin/talent_profile.html"

    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *_link_button(self, self.object)]

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
    url_namespace = NAMESPACE
    add_view_class = RegisterPersonView
    index_view_class = PersonIndexView
    inspect_view_class = TalentProfileView
    inspect_view_enabled = True
    inspect_view_fields = [
        "real_name",
        "id_number_masked",
        "mobile_masked",
        "sex",
        "birth_date",
        "household_region",
        "user",
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

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "link-account/<int:pk>/",
                LinkAccountView.as_view(permission_policy=self.permission_policy),
                name="link_account",
            ),
        ]
