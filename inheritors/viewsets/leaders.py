"""Admin for workshop leaders, registered by ID number and linked to their site
account, and the supports they receive."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList

from inheritors.models import (
    LeaderSupport,
    WorkshopLeader,
)
from inheritors.services import link_account, register_workshop_leader
from inheritors.viewsets.common import PersonFieldsForm
from lms.admin_helpers import (
    ScopedChoicesForm,
    ServiceErrorsMixin,
    export_spec,
    region_filterset,
)
from lms.scoping import ScopedModelViewSet

PERSON_PANEL = MultiFieldPanel(
    [
        FieldRowPanel([FieldPanel("real_name"), FieldPanel("id_number")]),
        FieldPanel("mobile"),
    ],
    heading=_("Person"),
)


def _workshop_region_choices(form: ScopedChoicesForm) -> None:
    if "region" in form.fields:
        form.fields["region"].queryset = form.fields["region"].queryset.filter(
            level="county"
        )


# --- Leaders --------------------------------------------------------------------


class LeaderForm(PersonFieldsForm):
    account_email = forms.EmailField(
        label=_("site account"),
        required=False,
        help_text=_(
            "The email the leader signs in with; they may then confirm their "
            "workshop each year on the site."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _workshop_region_choices(self)
        person = self.instance.person if self.instance.person_id else None
        if person is not None and person.user_id:
            self.fields["account_email"].initial = person.user.email
            self.fields["account_email"].disabled = True

    def clean_account_email(self):
        email = self.cleaned_data.get("account_email")
        if not email or self.fields["account_email"].disabled:
            return None
        account = get_user_model().objects.filter(email__iexact=email).first()
        if account is None:
            raise forms.ValidationError(_("No account signs in with this email."))
        return account


class AddLeaderView(ServiceErrorsMixin, ScopedModelViewSet.add_view_class):
    def save_instance(self):
        data = self.form.cleaned_data
        return register_workshop_leader(
            real_name=data["real_name"],
            id_number=data["id_number"],
            mobile=data.get("mobile", ""),
            region=data["region"],
            account=data.get("account_email"),
            biography=data.get("biography", ""),
            honours=data.get("honours", ""),
            by=self.request.user,
        )


class EditLeaderView(ServiceErrorsMixin, ScopedModelViewSet.edit_view_class):
    def save_instance(self):
        leader = super().save_instance()
        account = self.form.cleaned_data.get("account_email")
        if account is not None:
            link_account(person=leader.person, account=account, by=self.request.user)
        return leader


leader_export, leader_headings = export_spec(
    ("person.real_name", _("real name")),
    ("person.id_number_masked", _("ID number")),
    ("person.mobile_masked", _("mobile number")),
    ("region", None),
    ("honours", None),
    ("workshop_names", _("workshops")),
)


class LeaderViewSet(ScopedModelViewSet):
    model = WorkshopLeader
    icon = "user"
    menu_label = _("Leaders")
    add_view_class = AddLeaderView
    edit_view_class = EditLeaderView
    list_display = ["person__real_name", "region", "honours", "workshop_names"]
    filterset_class = region_filterset(WorkshopLeader, lookup="region__code", fields=[])
    search_fields = ["person__real_name", "honours"]
    list_export = leader_export
    export_headings = leader_headings
    export_filename = "workshop-leaders"
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "person",
        "region",
        "honours",
        "biography",
        "workshop_names",
        "support_summary",
    ]
    edit_handler = ObjectList(
        [
            PERSON_PANEL,
            FieldPanel("account_email"),
            FieldPanel("region"),
            FieldPanel("honours"),
            FieldPanel("biography"),
        ],
        base_form_class=LeaderForm,
    )


support_export, support_headings = export_spec(
    ("leader.public_name", _("leader")),
    ("leader.person.id_number_masked", _("ID number")),
    ("workshop", None),
    ("get_kind_display", _("support")),
    ("amount", None),
    ("granted_on", None),
    ("department", None),
)


class RecordedByMixin(ServiceErrorsMixin):
    def save_instance(self):
        if not self.form.instance.pk:
            self.form.instance.recorded_by = self.request.user
        return super().save_instance()


class SupportViewSet(ScopedModelViewSet):
    model = LeaderSupport
    icon = "pick"
    menu_label = _("Leader supports")
    add_view_class = type(
        "AddSupportView", (RecordedByMixin, ScopedModelViewSet.add_view_class), {}
    )
    list_display = ["leader", "kind", "amount", "granted_on", "department"]
    filterset_class = region_filterset(
        LeaderSupport, lookup="leader__region__code", fields=["kind"]
    )
    search_fields = ["leader__person__real_name", "department"]
    list_export = support_export
    export_headings = support_headings
    export_filename = "leader-supports"
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("leader"), FieldPanel("workshop")]),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("amount")]),
            FieldRowPanel([FieldPanel("granted_on"), FieldPanel("department")]),
            FieldPanel("note"),
        ],
        base_form_class=ScopedChoicesForm,
    )
