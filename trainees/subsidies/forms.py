"""Admin forms of subsidies: policy terms as checkboxes, and the review decision."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import TrainingMode
from lms import policy as access
from lms.models import Person, Region, StatusPeriod
from lms.models.status import StatusGroup


class ScopedRegionForm(WagtailAdminModelForm):
    """A form whose region can only be one the user may see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields and self.for_user is not None:
            self.fields["region"].queryset = Region.objects.in_scope(self.for_user)


class PolicyForm(ScopedRegionForm):
    eligible_groups = forms.MultipleChoiceField(
        label=_("eligible groups"),
        choices=StatusGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: everyone may claim."),
    )
    training_modes = forms.MultipleChoiceField(
        label=_("training modes"),
        choices=TrainingMode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every mode."),
    )


class StatusPeriodForm(WagtailAdminModelForm):
    class Meta:
        model = StatusPeriod
        fields = ["person", "group", "starts_on", "ends_on", "proof"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["person"].queryset = Person.objects.in_scope(self.for_user)


class CohortClaimForm(forms.Form):
    """An institution claims for a finished course under a policy."""

    course = forms.ModelChoiceField(label=_("course"), queryset=None)
    policy = forms.ModelChoiceField(label=_("policy"), queryset=None)

    def __init__(self, *args, for_user, **kwargs):
        from courses.models import CoursePage
        from trainees.subsidies.models import Policy

        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.in_scope(for_user)
        institution = access.staff_institution(for_user)
        if access.sees_everything(for_user):
            policies = Policy.objects.all()
        elif institution is not None:
            # The policies that cover the institution's region, from above too.
            policies = Policy.objects.covering(institution.region_id)
        else:
            policies = Policy.objects.in_scope(for_user)
        self.fields["policy"].queryset = policies


class ReviewForm(forms.Form):
    """One step of a claim's review, with the reason or payment reference."""

    STEPS = [
        ("start_review", _("Start the review")),
        ("approve", _("Approve")),
        ("reject", _("Reject")),
        ("return", _("Return for correction")),
        ("start_notice", _("Start the public notice (公示)")),
        ("record_payment", _("Record the payment")),
    ]
    step = forms.ChoiceField(label=_("step"), choices=STEPS)
    reason = forms.CharField(
        label=_("reason, or payment reference"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
