"""The HR review queue (审核) in the Wagtail admin: claims of the officer's region,
filtered, each with its rule-by-rule evidence; review steps, bulk approval of claims
that pass every rule, and institutions' cohort submissions."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from courses.models import CoursePage
from lms import policy
from lms.admin_helpers import RegionFilter, ServiceErrorsMixin
from lms.models import Institution
from lms.scoping import ScopedModelViewSet, ScopedObjectMixin
from trainees import attention
from trainees.subsidies import exports, services
from trainees.subsidies.forms import CohortClaimForm, ReviewForm
from trainees.subsidies.models import (
    AWAITING_REVIEW,
    Claim,
    ClaimEvent,
    ClaimState,
    Flag,
    Policy,
    prepare_review_deadlines,
)
from trainees.subsidies.viewsets.review import (
    NEEDS_TEXT,
    deadline_words,
    evidence_links,
    steps_for,
)
from trainees.subsidies.wording import explain


class ClaimFilterSet(WagtailFilterSet):
    """The queue's filters; the choices of course, institution, region and policy
    are only those the officer may see."""

    state = django_filters.ChoiceFilter(label=_("state"), choices=ClaimState.choices)
    flag = django_filters.ChoiceFilter(
        label=_("suspicious evidence"), choices=Flag.choices, method="filter_flag"
    )
    course = django_filters.ModelChoiceFilter(
        label=_("course"),
        queryset=lambda request: CoursePage.objects.in_scope(request.user).order_by(
            "title"
        ),
    )
    institution = django_filters.ModelChoiceFilter(
        label=_("institution"),
        queryset=lambda request: Institution.objects.in_scope(request.user).order_by(
            "name"
        ),
    )
    policy = django_filters.ModelChoiceFilter(
        label=_("policy"),
        queryset=lambda request: Policy.objects.relevant_to(request.user).order_by(
            "name"
        ),
    )

    region = RegionFilter(lookup="course__region__code")
    flagged = django_filters.BooleanFilter(
        label=_("any flag raised"), method="filter_flagged"
    )
    approved_in = django_filters.NumberFilter(
        label=_("approved in year"), method="filter_approved_in"
    )
    paid_in = django_filters.NumberFilter(
        label=_("paid in year"), method="filter_paid_in"
    )
    review = django_filters.ChoiceFilter(
        label=_("review deadline"),
        choices=[
            ("within", _("awaiting review, within the deadline")),
            ("overdue", _("awaiting review, past the deadline")),
        ],
        method="filter_review",
    )

    class Meta:
        model = Claim
        fields = ["state", "verdict", "flag", "course", "institution", "region"]

    def filter_flag(self, queryset, name, value):
        return queryset.filter(flags__icontains=f'"{value}"')

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(flags=[]) if value else queryset.filter(flags=[])

    def filter_approved_in(self, queryset, name, value):
        return self._event_in(queryset, ClaimEvent.Action.APPROVED, value)

    def filter_paid_in(self, queryset, name, value):
        return self._event_in(queryset, ClaimEvent.Action.PAID, value)

    def _event_in(self, queryset, action, year):
        if year is None:
            return queryset
        events = ClaimEvent.objects.filter(action=action, at__year=int(year))
        return queryset.filter(pk__in=events.values("claim_id"))

    def filter_review(self, queryset, name, value):
        if not value:
            return queryset
        waiting = prepare_review_deadlines(
            Claim.objects.filter(pk__in=queryset.values("pk"))
            .awaiting_review()
            .select_related("course")
            .only("pk", "state", "submitted_at", "course__region_id")
        )
        overdue = value == "overdue"
        chosen = [c.pk for c in waiting if c.review_overdue == overdue]
        return queryset.filter(pk__in=chosen)


class ClaimContextMixin:
    """The claim's evaluation in words with links to the evidence behind each rule,
    its review deadline and its events; the full ID number only for an officer who
    may review it."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim = self.object
        user = self.request.user
        reviewer = user.has_perm("subsidies.change_claim")
        links = evidence_links(claim, user)
        context.update(
            claim=claim,
            results=[
                {**row, "links": links.get(row["code"], [])}
                for row in explain(claim.evaluation)
            ],
            deadline=deadline_words(claim),
            steps=steps_for(claim) if reviewer else [],
            events=claim.events.select_related("actor"),
            id_number=claim.person.id_number
            if reviewer
            else claim.person.id_number_masked,
            reviewer=reviewer,
            archive=getattr(claim, "archive", None),  # None until the worker writes it
            enrolment=claim.enrolment,
            checks=attention.evidence(claim.enrolment),
            may_review=policy.has_staff_scope(user),
        )
        return context


class ClaimInspectView(ClaimContextMixin, ScopedObjectMixin, InspectView):
    template_name = "subsidies/admin/claim_inspect.html"


class StepForm(WagtailAdminModelForm):
    """One step, chosen by the button pressed; returning and rejecting need a
    reason, recording a payment its reference."""

    step = ReviewForm.base_fields["step"]
    reason = ReviewForm.base_fields["reason"]

    class Meta:
        model = Claim
        fields: list = []

    def clean(self):
        data = super().clean()
        if data.get("step") in NEEDS_TEXT and not data.get("reason", "").strip():
            message = (
                _("Give the payment reference.")
                if data["step"] == "record_payment"
                else _("Give a reason: the trainee and the institution will read it.")
            )
            self.add_error("reason", message)
        return data


STEPS = {
    "start_review": lambda claim, user, text: services.start_review(
        claim=claim, officer=user
    ),
    "approve": lambda claim, user, text: services.approve_claim(
        claim=claim, officer=user, reason=text
    ),
    "reject": lambda claim, user, text: services.reject_claim(
        claim=claim, officer=user, reason=text
    ),
    "return": lambda claim, user, text: services.return_claim(
        claim=claim, officer=user, reason=text
    ),
    "start_notice": lambda claim, user, text: services.start_public_notice(
        claims=[claim], officer=user
    )[0],
    "record_payment": lambda claim, user, text: services.record_payment(
        claim=claim, officer=user, reference=text
    ),
}


class ReviewClaimView(
    ClaimContextMixin, ServiceErrorsMixin, ScopedObjectMixin, EditView
):
    """The review form: one step at a time, each through its service."""

    template_name = "subsidies/admin/claim_review.html"

    def save_instance(self):
        data = self.form.cleaned_data
        return STEPS[data["step"]](self.object, self.request.user, data["reason"])


class SubmitCohortView(WagtailAdminTemplateMixin, FormView):
    """An institution submits claims for everyone on a finished course."""

    template_name = "subsidies/admin/cohort_claims.html"
    form_class = CohortClaimForm
    page_title = _("Claim for a cohort")
    header_icon = "tasks"
    permission_policy = None
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def form_valid(self, form):
        try:
            result = services.submit_cohort_claims(
                course=form.cleaned_data["course"],
                policy=form.cleaned_data["policy"],
                submitted_by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("%(n)s claims submitted, %(skipped)s left out.")
            % {"n": len(result.claims), "skipped": len(result.skipped)},
        )
        return self.render_to_response(
            self.get_context_data(form=form, skipped=result.skipped)
        )


class BulkApproveView(WagtailAdminTemplateMixin, TemplateView):
    """Approve, at once, the claims awaiting review that pass every rule unflagged."""

    template_name = "subsidies/admin/bulk_approve.html"
    page_title = _("Approve every claim that passes")
    header_icon = "check"
    permission_policy = None
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def candidates(self):
        return (
            Claim.objects.in_scope(self.request.user)
            .awaiting_review()
            .all_pass()
            .select_related("person", "course", "policy")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(claims=self.candidates(), **kwargs)

    def post(self, request, *args, **kwargs):
        approved = services.bulk_approve(claims=self.candidates(), officer=request.user)
        messages.success(
            request, gettext("%(n)s claims approved.") % {"n": len(approved)}
        )
        return redirect(self.index_url_name)


def days_left(claim: Claim) -> str:
    """The queue's deadline column: working days left, or how far past it."""
    if claim.state not in AWAITING_REVIEW:
        return "—"
    left = claim.review_days_left()
    if left >= 0:
        return str(left)
    return gettext("%(n)s overdue") % {"n": -left}


class ClaimIndexView(ScopedModelViewSet.index_view_class):
    def get_base_queryset(self):
        related = ("person", "course", "institution")
        return super().get_base_queryset().select_related(*related)

    def paginate_queryset(self, queryset, page_size):
        # Review ages of a whole page from one read of the calendar, not one a claim.
        paginator, page, claims, paginated = super().paginate_queryset(
            queryset, page_size
        )
        page.object_list = claims = prepare_review_deadlines(claims)
        return paginator, page, claims, paginated

    @cached_property
    def header_buttons(self):
        user, buttons = self.request.user, list(super().header_buttons)
        if self.permission_policy.user_has_permission(user, "change"):
            buttons.append(
                HeaderButton(
                    _("Approve all that pass"),
                    url=reverse("subsidy-claims:bulk_approve"),
                    icon_name="check",
                )
            )
        buttons += [
            HeaderButton(
                _("Payment list"),
                url=reverse("subsidy-claims:payment_list"),
                icon_name="download",
            ),
            HeaderButton(
                _("Eligibility reports"),
                url=reverse("subsidy-claims:reports"),
                icon_name="doc-full",
            ),
        ]
        return buttons


class ReportsView(WagtailAdminTemplateMixin, TemplateView):
    """The policies an officer can report on, each as XLSX or CSV."""

    template_name = "subsidies/admin/reports.html"
    page_title = _("Eligibility reports")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("subsidies.view_claim"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            policies=exports.reportable_policies(self.request.user), **kwargs
        )


class ClaimViewSet(ScopedModelViewSet):
    """The review queue: claims in the officer's region, or an institution's own."""

    model = Claim
    icon = "tasks"
    menu_label = _("Claims")
    filterset_class = ClaimFilterSet
    index_view_class = ClaimIndexView
    edit_view_class = ReviewClaimView
    inspect_view_class = ClaimInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Seven columns, so that the deadline shows at 1,280 px and the table scrolls
    # little on a phone; the institution and the masked ID are a filter and a click
    # away. Oldest first: the nearest deadline first.
    list_display = [
        "trainee_name",
        Column("course", label=_("course"), accessor="course.title"),
        Column("amount", label=_("amount (yuan)"), accessor="amount"),
        "verdict",
        "flag_labels",
        "state",
        Column("days_left", label=_("working days left"), accessor=days_left),
    ]
    list_export = [
        "pk",
        "trainee_name",
        "id_number_masked",
        "course",
        "institution",
        "policy",
        "amount",
        "verdict",
        "flag_labels",
        "state",
        "submitted_at",
    ]
    export_filename = "subsidy-claims"
    search_fields = ["person__real_name", "certificate_serial"]

    def get_form_class(self, for_update=False):
        return StepForm

    @property
    def add_view(self):
        # Adding claims means claiming for a finished cohort, through the service.
        return SubmitCohortView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
        )

    def get_urlpatterns(self):
        policy = self.permission_policy
        index = self.get_url_name("index")
        return [
            *super().get_urlpatterns(),
            path(
                "bulk-approve/",
                BulkApproveView.as_view(permission_policy=policy, index_url_name=index),
                name="bulk_approve",
            ),
            path("payment-list/", exports.payment_list, name="payment_list"),
            path("reports/", ReportsView.as_view(), name="reports"),
            path("<int:pk>/evidence/", exports.evidence_archive, name="evidence"),
            path(
                "eligibility-report/",
                exports.eligibility_report,
                name="eligibility_report",
            ),
        ]
