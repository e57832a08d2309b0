"""Pieces the inheritors admin view sets share: a role's person named by real name
and ID number, and registered (or found) when the role is created. The generic
admin helpers are in ``lms.admin_helpers``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.admin_helpers import ScopedChoicesForm, ServiceErrorsMixin
from lms.identity import IdNumberField
from lms.services import register_person
from lms.validators import MobileField


class PersonFieldsForm(ScopedChoicesForm):
    """A role's form: a new record names its person by real name and ID number (the
    person is found or registered); an existing one shows its person, fixed."""

    real_name = forms.CharField(label=_("real name"), max_length=64, required=False)
    id_number = IdNumberField(
        label=_("ID number"),
        required=False,
        help_text=_("Resident ID number, 18 characters; stored encrypted."),
    )
    mobile = MobileField(label=_("mobile number"), required=False)

    person_attribute = "person"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = getattr(self.instance, f"{self.person_attribute}_id", None)
        if person:
            person = getattr(self.instance, self.person_attribute)
            self.fields["real_name"].initial = person.real_name
            self.fields["id_number"].initial = person.id_number_masked
            self.fields["mobile"].initial = person.mobile_masked
            for name in ("real_name", "id_number", "mobile"):
                self.fields[name].disabled = True
                self.fields[name].help_text = ""
        else:
            self.fields["real_name"].required = True
            self.fields["id_number"].required = True

    def clean_id_number(self):
        if self.fields["id_number"].disabled:
            return self.initial.get("id_number", "")
        return self.cleaned_data["id_number"]

    def clean_real_name(self):
        return self.cleaned_data["real_name"].strip()


class RegisterPersonMixin(ServiceErrorsMixin):
    """Creating a role first finds or registers its person by ID number."""

    person_attribute = "person"

    def save_instance(self):
        data = self.form.cleaned_data
        person = register_person(
            real_name=data["real_name"],
            id_number=data["id_number"],
            mobile=data.get("mobile", ""),
        )
        setattr(self.form.instance, self.person_attribute, person)
        self.prepare_instance(self.form.instance)
        self.form.instance.validate_constraints()
        return super().save_instance()

    def prepare_instance(self, instance) -> None:
        """Fill fields that follow from the person or the request."""
