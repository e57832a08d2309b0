"""Admin of the market, scoped by region: buyers' inquiries (read by the officers
above the workshop), sales events with the workshops invited, applying and taking
part, and their results. Every step runs a service of ``market.services``."""

from __future__ import annotations

from django import forms
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets.button import Button

from inheritors.models import Workshop
from lms import policy
from lms.admin_helpers import (
    ObjectActionView,
    ScopedChoicesForm,
    export_spec,
    region_filterset,
)
from lms.scoping import ScopedModelViewSet
from market import services
from market.models import MAX_QUANTITY, Inquiry, Participation, SalesEvent

# --- Inquiries -----------------------------------------------------------------------


class InquiryInspectView(ScopedModelViewSet.inspect_view_class):
    """An inquiry's details; the buyer's phone and email masked unless the policy
    lets the viewer see them."""

    def get_field_display_value(self, field_name, field):
        if field_name in ("phone", "email") and not policy.may_see_buyer_contact(
            self.request.user, self.object
        ):
            return getattr(self.object, f"{field_name}_masked")
        return super().get_field_display_value(field_name, field)


inquiry_export, inquiry_headings = export_spec(
    ("created_at", None),
    ("organisation", None),
    ("credit_code", None),
    ("product.name", _("product")),
    ("workshop.name", _("workshop")),
    ("workshop.region", _("county")),
    ("quantity", None),
    ("get_state_display", _("state")),
    ("deal_quantity", None),
    ("deal_value", None),
)


class InquiryViewSet(ScopedModelViewSet):
    model = Inquiry
    icon = "mail"
    menu_label = _("Buyers' inquiries")
    inspect_view_class = InquiryInspectView
    list_display = ["organisation", "product", "workshop", "state", "created_at"]
    filterset_class = region_filterset(
        Inquiry, lookup="workshop__region__code", fields=["state"]
    )
    search_fields = ["organisation", "product__name", "workshop__name"]
    list_export = inquiry_export
    export_headings = inquiry_headings
    export_filename = "buyers-inquiries"
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "created_at",
        "product",
        "workshop",
        "organisation",
        "credit_code",
        "contact_name",
        "phone",
        "email",
        "quantity",
        "needed_by",
        "message",
        "state",
        "answer",
        "answered_at",
        "deal_quantity",
        "deal_value",
        "decided_at",
    ]
    # Inquiries come from buyers and are handled by the workshop on the site.
    form_fields = ["organisation"]


# --- Events --------------------------------------------------------------------------


class InviteForm(forms.Form):
    workshop = forms.ModelChoiceField(
        label=_("workshop"), queryset=Workshop.objects.none()
    )

    def __init__(self, *args, user, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = (
            Workshop.objects.in_scope(user)
            .qualified()
            .exclude(event_participations__event=event)
        )


class InviteView(ObjectActionView):
    model = SalesEvent
    url_namespace = "sales-events"
    form_class = InviteForm
    action_label = _("Invite a workshop")
    success_message = _("The workshop is invited to %(object)s.")
    header_icon = "mail"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "event": self.object,
        }

    def run(self, data):
        services.invite_workshop(
            event=self.object, workshop=data["workshop"], user=self.request.user
        )


class EventInspectView(ScopedModelViewSet.inspect_view_class):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.user_has_permission("change"):
            buttons.append(
                Button(
                    _("Invite a workshop"),
                    url=reverse("sales-events:invite", args=[self.object.pk]),
                    icon_name="mail",
                    priority=40,
                )
            )
            buttons.append(
                Button(
                    _("Workshops on this event"),
                    url=reverse("event-participations:index")
                    + f"?event={self.object.pk}",
                    icon_name="group",
                    priority=50,
                )
            )
        return buttons


class SalesEventViewSet(ScopedModelViewSet):
    model = SalesEvent
    icon = "date"
    menu_label = _("Sales events")
    inspect_view_class = EventInspectView
    list_display = [
        "name",
        "kind",
        "starts_on",
        "ends_on",
        "organiser_region",
        "published",
    ]
    filterset_class = region_filterset(
        SalesEvent, lookup="organiser_region__code", fields=["kind", "published"]
    )
    search_fields = ["name", "place"]
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("place"),
            FieldPanel("organiser_region"),
            FieldPanel("description"),
            FieldPanel("published"),
        ],
        base_form_class=ScopedChoicesForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "invite/<int:pk>/",
                InviteView.as_view(permission_policy=self.permission_policy),
                name="invite",
            ),
        ]


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Accept")), ("0", _("Decline"))],
        coerce=lambda value: value == "1",
    )


class ResultsForm(forms.Form):
    orders = forms.IntegerField(label=_("orders"), min_value=0, max_value=MAX_QUANTITY)
    sales = forms.DecimalField(
        label=_("sales (yuan)"), min_value=0, max_digits=14, decimal_places=2
    )


class ParticipationActionView(ObjectActionView):
    model = Participation
    url_namespace = "event-participations"


class DecideView(ParticipationActionView):
    form_class = DecideForm
    action_label = _("Decide the application")
    success_message = _("The application of %(object)s is decided.")

    def run(self, data):
        services.decide_application(
            participation=self.object, user=self.request.user, accept=data["accept"]
        )


class ResultsView(ParticipationActionView):
    form_class = ResultsForm
    action_label = _("Record results")
    success_message = _("The results of %(object)s are recorded.")

    def get_initial(self):
        return {"orders": self.object.orders, "sales": self.object.sales}

    def run(self, data):
        services.record_event_results(
            participation=self.object, user=self.request.user, **data
        )


class ParticipationInspectView(ScopedModelViewSet.inspect_view_class):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if not self.user_has_permission("change"):
            return buttons
        state = self.object.state
        if state == Participation.State.APPLIED:
            buttons.append(
                Button(
                    _("Decide the application"),
                    url=reverse("event-participations:decide", args=[self.object.pk]),
                    icon_name="tick",
                    priority=40,
                )
            )
        if (
            state == Participation.State.ACCEPTED
            and self.object.event.starts_on <= timezone.localdate()
        ):
            buttons.append(
                Button(
                    _("Record results"),
                    url=reverse("event-participations:results", args=[self.object.pk]),
                    icon_name="edit",
                    priority=50,
                )
            )
        return buttons


class ParticipationViewSet(ScopedModelViewSet):
    model = Participation
    icon = "group"
    menu_label = _("Workshops at events")
    inspect_view_class = ParticipationInspectView
    list_display = ["workshop", "event", "state", "orders", "sales"]
    list_filter = ["state", "event"]
    search_fields = ["workshop__name", "event__name"]
    inspect_view_enabled = True
    copy_view_enabled = False
    # Workshops join through an invitation or an application (the steps above);
    # the form changes only the products shown.
    edit_handler = ObjectList(
        [FieldPanel("products")], base_form_class=ScopedChoicesForm
    )

    def get_urlpatterns(self):
        views = {"decide": DecideView, "results": ResultsView}
        return [
            *super().get_urlpatterns(),
            *[
                path(
                    f"{name}/<int:pk>/",
                    view.as_view(permission_policy=self.permission_policy),
                    name=name,
                )
                for name, view in views.items()
            ],
        ]


class MarketViewSetGroup(ModelViewSetGroup):
    menu_label = _("Market")
    menu_icon = "tag"
    menu_order = 330
    items = (
        SalesEventViewSet("sales-events"),
        ParticipationViewSet("event-participations"),
        InquiryViewSet("buyers-inquiries"),
    )
