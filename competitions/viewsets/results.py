"""Results, awards and promotions in the admin: written by services only, so
listed, inspected and exported, never edited (their permission policy allows
viewing only)."""

from django.utils.translation import gettext_lazy as _

from competitions.models import Award, Promotion, Result
from lms.admin_helpers import region_filterset
from lms.scoping import ScopedModelViewSet


class ReadOnlyViewSet(ScopedModelViewSet):
    """Rows written only by services: listed, inspected and exported."""

    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields: list[str] = []


class ResultViewSet(ReadOnlyViewSet):
    model = Result
    icon = "list-ol"
    menu_label = _("Results")
    list_display = ["entry", "rank", "total", "standardised"]
    search_fields = ["entry__competition__name", "entry__team_name"]
    list_export = [
        *["entry.competition", "rank", "entry.number", "entry.competitors"],
        *["entry.affiliation", "total", "practical", "theory", "standardised"],
    ]
    export_filename = "results"


class AwardViewSet(ReadOnlyViewSet):
    model = Award
    icon = "success"
    menu_label = _("Awards")
    list_display = ["person", "kind", "entry"]
    filterset_class = region_filterset(
        Award, lookup="entry__competition__region__code", fields=["kind"]
    )
    search_fields = ["person__real_name", "entry__competition__name"]
    list_export = ["entry.competition", "person.real_name", "kind", "entry"]
    export_filename = "awards"


class PromotionViewSet(ReadOnlyViewSet):
    model = Promotion
    icon = "arrow-up"
    menu_label = _("Promotions")
    list_display = ["person", "from_level", "to_level", "entry"]
    search_fields = ["person__real_name", "entry__competition__name"]
    list_export = [
        *["entry.competition", "person.real_name", "from_level", "to_level"],
    ]
    export_filename = "promotions"
