"""Subsidies in the Wagtail admin: policies, regional rules, status periods, and the
HR review queue of claims, each scoped to the user's region or institution; and the
national working-day calendar, which a province's HR officers keep."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from lms import policy as access
from lms.admin_helpers import ServiceErrorsMixin
from lms.models import StatusPeriod
from lms.scoping import ScopedModelViewSet
from lms.spreadsheets import SafeSpreadsheetExportMixin
from trainees.subsidies import services
from trainees.subsidies.forms import PolicyForm, ScopedRegionForm, StatusPeriodForm
from trainees.subsidies.models import CalendarDay, Policy, RegionRules


class PolicyViewSet(ScopedModelViewSet):
    """Subsidy policies (补贴政策) of the officer's region and below."""

    model = Policy
    icon = "doc-full"
    menu_label = _("Policies")
    list_display = ["name", "region", "scheme", "valid_from", "valid_until"]
    list_filter = ["scheme", "region"]
    search_fields = ["name"]
    list_export = ["name", "region", "scheme", "valid_from", "valid_until"]
    export_filename = "subsidy-policies"
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("region"), FieldPanel("scheme")]),
            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
            FieldPanel("eligible_groups"),
            FieldPanel("training_modes"),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("min_verified_hours"),
                            FieldPanel("min_attendance_share"),
                            FieldPanel("min_watch_share"),
                        ]
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("assessment_required"),
                            FieldPanel("certificate_required"),
                        ]
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("claim_window_days"),
                            FieldPanel("public_notice_days"),
                        ]
                    ),
                ],
                heading=_("Evidence required"),
            ),
            InlinePanel("amounts", heading=_("Amounts"), label=_("Amount"), min_num=1),
        ],
        base_form_class=PolicyForm,
    )


class RegionRulesForm(ScopedRegionForm):
    class Meta:
        model = RegionRules
        exclude: list = []


class RegionRulesViewSet(ScopedModelViewSet):
    """The national rules as each region switches them (on by default)."""

    model = RegionRules
    icon = "cogs"
    menu_label = _("Regional rules")
    list_display = ["region", "yearly_cap", "yearly_cap_count", "public_notice_days"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return RegionRulesForm


class RecordStatusPeriodView(ServiceErrorsMixin, ScopedModelViewSet.add_view_class):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.record_status_period(
            person=data["person"],
            group=data["group"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            proof=data["proof"],
            recorded_by=self.request.user,
        )


class StatusPeriodViewSet(ScopedModelViewSet):
    """Who belonged to which eligible group, when (身份状态), and who recorded it."""

    model = StatusPeriod
    icon = "date"
    menu_label = _("Status periods")
    add_view_class = RecordStatusPeriodView
    list_display = ["person", "group", "starts_on", "ends_on", "recorded_by", "source"]
    list_filter = ["group"]
    search_fields = ["person__real_name", "source__file_name"]
    list_export = [
        "person",
        "group",
        "starts_on",
        "ends_on",
        "proof",
        "recorded_by",
        "source",
    ]
    inspect_view_fields = [
        "person",
        "group",
        "starts_on",
        "ends_on",
        "proof",
        "recorded_by",
        "recorded_at",
        "source",
    ]
    export_filename = "status-periods"
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return StatusPeriodForm


class NationalCalendarPolicy(ModelPermissionPolicy):
    """The calendar governs every region's deadlines: officers granted it read it,
    and only those of a whole province (or a superuser) change it."""

    def user_has_permission(self, user, action):
        if not super().user_has_permission(user, action):
            return False
        return action == "view" or access.oversees_a_province(user)


class CalendarDayViewSet(ModelViewSet):
    """The national working-day calendar (工作日历): holidays on weekdays and weekend
    days worked (调休), entered each year from the State Council's notice."""

    model = CalendarDay
    index_view_class = type(
        "CalendarDayIndexView",
        (SafeSpreadsheetExportMixin, ModelViewSet.index_view_class),
        {},
    )
    icon = "date"
    menu_label = _("Working-day calendar")
    list_display = ["date", "name", "kind"]
    list_filter = ["kind", "date"]
    search_fields = ["name"]
    list_export = ["date", "name", "kind"]
    export_filename = "working-day-calendar"
    form_fields = ["date", "kind", "name"]
    ordering = ["-date"]
