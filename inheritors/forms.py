"""The yearly confirmation form, shared by the leader's page and the admin."""

from __future__ import annotations

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from inheritors.models import Workshop, WorkshopEmployment
from inheritors.services.workshops import EMPLOYMENT_FIELDS, REGISTRATION_FIELDS

PARTS = ("poverty_alleviated", "monitoring_targets", "home_based", "flexible")


class ConfirmationForm(forms.Form):
    """A workshop's registration as it now stands and the year's employment,
    prefilled from what is on record; the leader vouches for it."""

    def __init__(self, *args, workshop: Workshop, year: int, **kwargs):
        initial = {name: getattr(workshop, name) for name in REGISTRATION_FIELDS}
        employment = workshop.employment.filter(year__lte=year).order_by("-year")
        latest = employment.first()
        if latest is not None:
            initial.update({name: getattr(latest, name) for name in EMPLOYMENT_FIELDS})
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(fields_for_model(Workshop, REGISTRATION_FIELDS))
        for name in ("equipment", "products"):
            self.fields[name].widget.attrs["rows"] = 3
        self.fields.update(fields_for_model(WorkshopEmployment, EMPLOYMENT_FIELDS))
        self.fields["accurate"] = forms.BooleanField(
            label=_("I confirm that this information is accurate."), required=True
        )

    def clean(self):
        data = super().clean()
        employed = data.get("employed")
        if employed is not None:
            for name in PARTS:
                if (data.get(name) or 0) > employed:
                    self.add_error(name, _("More than the number of people employed."))
        return data

    def registration_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in REGISTRATION_FIELDS]

    def employment_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in EMPLOYMENT_FIELDS]

    def registration(self) -> dict:
        return {name: self.cleaned_data[name] for name in REGISTRATION_FIELDS}

    def employment(self) -> dict:
        return {name: self.cleaned_data[name] for name in EMPLOYMENT_FIELDS}
