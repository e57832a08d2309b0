"""Admin forms of certificates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import CoursePage
from lms import policy
from lms.identity import IdNumberField
from lms.models import Region
from trainees.certificates.models import Certificate


class ExternalCertificateForm(WagtailAdminModelForm):
    """A certificate issued elsewhere, entered from the paper: holder by real name
    and ID number, the issuer's own number and name."""

    real_name = forms.CharField(label=_("holder's real name"), max_length=64)
    id_number = IdNumberField(
        label=_("holder's ID number"),
        help_text=_("Resident ID number, 18 characters; stored encrypted."),
    )

    class Meta:
        model = Certificate
        fields = [
            "kind",
            "serial",
            "issuing_body",
            "issued_on",
            "occupation",
            "skill_level",
            "course_title",
            "hours",
            "region",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["real_name", "id_number", *self.Meta.fields])
        self.fields["issuing_body"].required = True
        self.institution = policy.staff_institution(self.for_user)
        if self.institution is not None:
            del self.fields["region"]  # the institution's own region
        else:
            self.fields["region"].queryset = Region.objects.in_scope(
                self.for_user
            ).exclude(retired=True)

    def chosen_region(self) -> Region:
        if self.institution is not None:
            return self.institution.region
        return self.cleaned_data["region"]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to staff and kept in the history; required."),
    )


class CohortForm(forms.Form):
    course = forms.ModelChoiceField(label=_("course"), queryset=CoursePage.objects)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = (
            CoursePage.objects.in_scope(user).exclude(awards="").order_by("title")
        )
