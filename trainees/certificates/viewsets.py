"""Certificates in the Wagtail admin: the scoped register with its export, recording
certificates issued elsewhere, revoking, and issuing for a course's cohort."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, HeaderButton

from courses.models import CoursePage
from lms.admin_helpers import (
    ObjectActionView,
    RegionFilter,
    ServiceErrorsMixin,
    export_spec,
)
from lms.scoping import ScopedModelViewSet
from trainees.certificates import services
from trainees.certificates.forms import CohortForm, ExternalCertificateForm, RevokeForm
from trainees.certificates.models import Certificate

NAMESPACE = "certificate_admin"


class RecordExternalView(ServiceErrorsMixin, ScopedModelViewSet.add_view_class):
    def save_instance(self):
        form = self.form
        data = form.cleaned_data
        return services.record_external_certificate(
            real_name=data["real_name"],
            id_number=data["id_number"],
            kind=data["kind"],
            serial=data["serial"],
            issuing_body=data["issuing_body"],
            issued_on=data["issued_on"],
            occupation=data["occupation"],
            skill_level=data["skill_level"],
            course_title=data["course_title"],
            hours=data["hours"],
            region=form.chosen_region(),
            institution=form.institution,
            by=self.request.user,
        )


class NotEditableView(EditView):
    """A certificate says what it said when issued; it can only be revoked."""

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class RevokeView(ObjectActionView):
    model = Certificate
    url_namespace = NAMESPACE
    form_class = RevokeForm
    action_label = _("Revoke")
    success_message = _("%(object)s is revoked.")
    header_icon = "cross"

    def run(self, data):
        services.revoke_certificate(
            certificate=self.object, by=self.request.user, reason=data["reason"]
        )


class IssueForCohortView(WagtailAdminTemplateMixin, FormView):
    """The institution issues certificates to every trainee of a course who met its
    completion rule (``?course=<id>`` preselects the course, e.g. from its roster)."""

    template_name = "wagtailadmin/generic/form.html"
    form_class = CohortForm
    permission_policy = None
    page_title = _("Issue certificates for a course")
    header_icon = "tick"

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"course": self.request.GET.get("course")}

    def get_context_data(self, **kwargs):
        label = _("Issue certificates")
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=label,
            submit_button_active_label=label,
            **kwargs,
        )

    def form_valid(self, form):
        course = form.cleaned_data["course"]
        try:
            result = services.issue_for_cohort(course=course, by=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(issued)d certificates issued; %(already)d trainees already had one.")
            % {"issued": len(result.issued), "already": result.already},
        )
        for enrolment, reason in result.refused:
            messages.warning(
                self.request,
                _("Not issued to %(trainee)s: %(reason)s")
                % {"trainee": enrolment.user, "reason": reason},
            )
        return HttpResponseRedirect(
            reverse(f"{NAMESPACE}:index") + f"?course={course.pk}"
        )


def _revoke_button(view, certificate: Certificate) -> list[Button]:
    if certificate.is_revoked or not view.user_has_permission("change"):
        return []
    return [
        Button(
            _("Revoke"),
            url=reverse(f"{NAMESPACE}:revoke", args=[certificate.pk]),
            icon_name="cross",
            priority=40,
        )
    ]


class CertificateIndexView(ScopedModelViewSet.index_view_class):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("person", "institution")

    def get_edit_url(self, instance):
        return None

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.user_has_permission("change"):
            buttons.append(
                HeaderButton(
                    _("Issue for a course"),
                    url=reverse(f"{NAMESPACE}:issue"),
                    icon_name="tick",
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        return [*buttons, *_revoke_button(self, instance)]


class CertificateInspectView(ScopedModelViewSet.inspect_view_class):
    def get_edit_url(self):
        return None

    @cached_property
    def header_more_buttons(self):
        buttons = [*super().header_more_buttons, *_revoke_button(self, self.object)]
        if self.object.pdf:
            url = reverse("certificates:download", args=[self.object.serial])
            buttons.append(
                Button(_("Download PDF"), url=url, icon_name="download", priority=50)
            )
        return buttons


class CertificateFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("course"),
        queryset=lambda request: CoursePage.objects.in_scope(request.user),
    )

    region = RegionFilter(lookup="region__code")

    class Meta:
        model = Certificate
        fields = ["kind", "skill_level", "status", "course"]


certificate_export, certificate_headings = export_spec(
    ("serial", None),
    ("person.real_name", _("holder")),
    ("person.id_number_masked", _("ID number")),
    ("get_kind_display", _("kind")),
    ("get_skill_level_display", _("skill level")),
    ("course_title", None),
    ("occupation", None),
    ("hours", None),
    ("started_on", None),
    ("ended_on", None),
    ("issuer_name", _("issued by")),
    ("issued_on", None),
    ("get_status_display", _("status")),
    ("revoked_at", None),
    ("revocation_reason", None),
)


class CertificateViewSet(ScopedModelViewSet):
    """The register of certificates (证书台账) each staff member sees in scope."""

    model = Certificate
    icon = "tick-inverse"
    menu_label = _("Certificates")
    menu_order = 240
    add_to_admin_menu = True
    url_namespace = NAMESPACE
    add_view_class = RecordExternalView
    edit_view_class = NotEditableView
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    add_item_label = _("Record a certificate issued elsewhere")
    list_display = ["serial", "person", "kind", "course_title", "status", "issued_on"]
    filterset_class = CertificateFilterSet
    search_fields = ["serial", "person__real_name", "course_title", "issuing_body"]
    list_export = certificate_export
    export_headings = certificate_headings
    export_filename = "certificates"
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "serial",
        "verification_code",
        "person",
        "kind",
        "skill_level",
        "course_title",
        "occupation",
        "hours",
        "started_on",
        "ended_on",
        "institution",
        "issuing_body",
        "region",
        "issued_on",
        "status",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
    ]

    def get_form_class(self, for_update=False):
        return ExternalCertificateForm

    def get_urlpatterns(self):
        policy = self.permission_policy
        return [
            *super().get_urlpatterns(),
            path(
                "revoke/<int:pk>/",
                RevokeView.as_view(permission_policy=policy),
                name="revoke",
            ),
            path(
                "issue/",
                IssueForCohortView.as_view(permission_policy=policy),
                name="issue",
            ),
        ]
