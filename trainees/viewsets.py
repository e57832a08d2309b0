"""Staff views of the learner's record in the Wagtail admin."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView, InspectView

from courses.models import CoursePage, TrainingMode
from lms import policy
from lms.admin_helpers import RegionFilter, ServiceErrorsMixin
from lms.identity import IdNumberField
from lms.models import User
from lms.scoping import ScopedModelViewSet, ScopedObjectMixin
from lms.validators import MobileField
from trainees import attention, services
from trainees.models import Enrolment, EnrolmentStatus, LessonProgress


class EnrolmentFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"),
        empty_label=_("All my courses"),
        queryset=lambda request: CoursePage.objects.in_scope(request.user).order_by(
            "title"
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=EnrolmentStatus.choices
    )
    region = RegionFilter(lookup="course__region__code")
    mode = django_filters.ChoiceFilter(
        label=_("Training mode"),
        choices=TrainingMode.choices,
        field_name="course__mode",
    )
    completed = django_filters.BooleanFilter(
        label=_("Completed"),
        field_name="completed_at",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = Enrolment
        fields = ["course", "status"]


class CohortForm(WagtailAdminModelForm):
    """Put a trainee on a course, found by the email of their account or by their
    mobile number; a number nobody has signed up with yet is kept for the trainee,
    who finds the place waiting once they sign up with it."""

    email = forms.EmailField(label=_("trainee's email"), required=False)
    mobile = MobileField(
        label=_("trainee's mobile number"),
        required=False,
        help_text=_(
            "Trainees who have not signed up yet can be added by mobile number: "
            "they find the course waiting when they sign up with that number."
        ),
    )
    real_name = forms.CharField(label=_("real name"), required=False, max_length=64)
    id_number = IdNumberField(
        label=_("ID number"),
        required=False,
        help_text=_("With the real name, puts the trainee on record as a person."),
    )

    class Meta:
        model = Enrolment
        fields = ["course"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.in_scope(self.for_user)
        self.trainee = None

    def clean_email(self):
        email = self.cleaned_data["email"]
        if not email:
            return email
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise ValidationError(
                _("No account uses this email; the trainee must sign up first.")
            )
        self.trainee = user
        return email

    def clean(self):
        cleaned_data = super().clean()
        email, mobile = cleaned_data.get("email"), cleaned_data.get("mobile")
        if "email" in cleaned_data and "mobile" in cleaned_data:
            if bool(email) == bool(mobile):
                raise ValidationError(
                    _("Give either the trainee's email or their mobile number.")
                )
        if cleaned_data.get("id_number") and not cleaned_data.get("real_name"):
            self.add_error("real_name", _("Give the real name with the ID number."))
        return cleaned_data


class DecisionForm(WagtailAdminModelForm):
    DECISIONS = [
        ("approve", _("Approve the request")),
        ("reject", _("Turn the request down")),
        ("withdraw", _("Withdraw from the course")),
    ]
    decision = forms.ChoiceField(label=_("decision"), choices=DECISIONS)
    reason = forms.CharField(label=_("reason"), required=False, max_length=255)

    class Meta:
        model = Enrolment
        fields = []


class AddToCohortView(ServiceErrorsMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        if data.get("mobile"):
            return services.add_to_cohort_by_mobile(
                course=data["course"],
                mobile=data["mobile"],
                real_name=data["real_name"],
                id_number=data["id_number"],
                added_by=self.request.user,
            )
        return services.add_to_cohort(
            course=data["course"], user=self.form.trainee, added_by=self.request.user
        )


class DecideEnrolmentView(ServiceErrorsMixin, ScopedObjectMixin, EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        decision, reason, user = data["decision"], data["reason"], self.request.user
        if decision == "withdraw":
            return services.withdraw_enrolment(
                enrolment=self.object, by=user, reason=reason
            )
        return services.decide_enrolment_request(
            enrolment=self.object,
            approve=decision == "approve",
            decided_by=user,
            reason=reason,
        )


class EnrolmentInspectView(ScopedObjectMixin, InspectView):
    """The enrolment and its watch-time ledger (学时台帐): each lesson's covered
    seconds and the time spent on them against its length, how many playback
    sessions earned them, and the attention checks asked."""

    template_name = "trainees/admin/enrolment_inspect.html"

    def get_context_data(self, **kwargs):
        ledger = (
            LessonProgress.objects.filter(enrolment=self.object)
            .select_related("lesson")
            .annotate(
                sessions=Count("playback_sessions"),
                # Credit of sessions on a video in the old, unencrypted format.
                undelivered_seconds=Sum(
                    "playback_sessions__credited_seconds",
                    filter=Q(playback_sessions__delivery_verified=False),
                    default=0.0,
                ),
            )
            .order_by("lesson__path")
        )
        return super().get_context_data(
            ledger=ledger,
            checks=attention.evidence(self.object),
            may_review=policy.has_staff_scope(self.request.user),
            **kwargs,
        )


class EnrolmentViewSet(ScopedModelViewSet):
    """The roster (花名册): who asked for, holds or waits for a place."""

    model = Enrolment
    icon = "group"
    menu_label = _("Enrolments")
    menu_order = 210
    add_to_admin_menu = True
    add_view_class = AddToCohortView
    edit_view_class = DecideEnrolmentView
    list_display = ["user", "course", "status", "source", "requested_at"]
    filterset_class = EnrolmentFilterSet  # its course choices are scoped
    search_fields = ["user__email", "course__title"]
    list_export = ["user", "course", "status", "source", "requested_at", "reason"]
    export_filename = "roster"
    inspect_view_enabled = True
    inspect_view_class = EnrolmentInspectView
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return DecisionForm if for_update else CohortForm
