"""Admin for master–apprentice pairs and the grants configured for studios."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    ObjectList,
)

from inheritors.models import (
    Apprenticeship,
    StudioGrantScheme,
)
from inheritors.viewsets.common import PersonFieldsForm, RegisterPersonMixin
from lms import policy
from lms.admin_helpers import (
    ScopedChoicesForm,
    ServiceErrorsMixin,
    export_spec,
    region_filterset,
)
from lms.scoping import ScopedModelViewSet

# --- Apprentices ----------------------------------------------------------------


class ApprenticeshipForm(PersonFieldsForm):
    person_attribute = "apprentice"


class AddApprenticeshipView(RegisterPersonMixin, ScopedModelViewSet.add_view_class):
    """The studio's leader is the master of a new pair."""

    person_attribute = "apprentice"

    def prepare_instance(self, pair):
        pair.master = pair.studio.leader


apprenticeship_export, apprenticeship_headings = export_spec(
    ("studio.name", _("studio")),
    ("master.real_name", _("master")),
    ("apprentice.real_name", _("apprentice")),
    ("apprentice.id_number_masked", _("ID number")),
    ("started_on", None),
    ("ended_on", None),
    ("get_level_at_start_display", _("skill level at start")),
    ("get_level_reached_display", _("skill level reached")),
)


class ApprenticeshipViewSet(ScopedModelViewSet):
    model = Apprenticeship
    icon = "group"
    menu_label = _("Apprentices")
    add_view_class = AddApprenticeshipView
    edit_view_class = type(
        "EditApprenticeshipView",
        (ServiceErrorsMixin, ScopedModelViewSet.edit_view_class),
        {},
    )
    list_display = [
        "apprentice__real_name",
        "studio",
        "master",
        "started_on",
        "ended_on",
        "level_reached",
    ]
    filterset_class = region_filterset(
        Apprenticeship, lookup="studio__region__code", fields=["level_reached"]
    )
    search_fields = ["apprentice__real_name", "studio__name"]
    list_export = apprenticeship_export
    export_headings = apprenticeship_headings
    export_filename = "apprenticeships"
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("real_name"), FieldPanel("id_number")]),
            FieldPanel("mobile"),
            FieldPanel("studio"),
            FieldRowPanel([FieldPanel("started_on"), FieldPanel("ended_on")]),
            FieldRowPanel([FieldPanel("level_at_start"), FieldPanel("level_reached")]),
            FieldPanel("note"),
        ],
        base_form_class=ApprenticeshipForm,
    )


# --- Grant schemes --------------------------------------------------------------


class GrantSchemeForm(ScopedChoicesForm):
    """Only a superuser sets a nationwide default; officers set their region's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if (
            user is not None
            and not policy.sees_everything(user)
            and "region" in self.fields
        ):
            self.fields["region"].required = True
            self.fields["region"].queryset = self.fields["region"].queryset.exclude(
                level="county"
            )


class GrantSchemeViewSet(ScopedModelViewSet):
    model = StudioGrantScheme
    icon = "cogs"
    menu_label = _("Studio grants")
    list_display = ["__str__", "level", "region", "amount", "tranche_shares"]
    filterset_class = region_filterset(
        StudioGrantScheme, lookup="region__code", fields=["level"]
    )
    list_export = ["level", "region", "amount", "tranche_shares"]
    export_filename = "studio-grant-schemes"
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("level"), FieldPanel("region")]),
            FieldRowPanel([FieldPanel("amount"), FieldPanel("tranche_shares")]),
        ],
        base_form_class=GrantSchemeForm,
    )
