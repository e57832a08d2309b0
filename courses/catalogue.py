"""Filtering and searching the public course catalogue."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, TrainingMode
from lms.ich import IchCategory
from lms.models import Institution, Region
from lms.scoping import region_prefix
from lms.skills import COURSE_LEVELS


def _blank(label):
    return [("", label)]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    mode = forms.ChoiceField(label=_("Training mode"), required=False)
    category = forms.ChoiceField(label=_("ICH category"), required=False)
    craft = forms.CharField(label=_("Craft"), required=False, max_length=100)
    level = forms.TypedChoiceField(
        label=_("Skill level"), required=False, coerce=int, empty_value=None
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    institution = forms.TypedChoiceField(
        label=_("Institution"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mode"].choices = _blank(_("All modes")) + TrainingMode.choices
        self.fields["category"].choices = _blank(_("All categories")) + list(
            IchCategory.choices
        )
        self.fields["level"].choices = _blank(_("All levels")) + COURSE_LEVELS
        self.fields["region"].choices = _blank(_("All regions")) + self._regions()
        self.fields["institution"].choices = _blank(_("All institutions")) + [
            (i.pk, i.name)
            for i in Institution.objects.filter(courses__live=True).distinct()
        ]

    @staticmethod
    def _regions() -> list[tuple[str, str]]:
        """Regions that have live courses, with their prefectures and provinces."""
        codes = set(
            CoursePage.objects.live().values_list("region_id", flat=True).distinct()
        )
        wanted = set()
        for code in codes:
            wanted |= {code, code[:4] + "00", code[:2] + "0000"}
        return [
            (region.code, region.display_name)
            for region in Region.objects.filter(code__in=wanted)
        ]

    def apply(self, courses):
        """The courses that match, newest first, or by relevance when searching."""
        if not self.is_bound or not self.is_valid():
            return courses.order_by("-first_published_at")
        data = self.cleaned_data
        if data["mode"]:
            courses = courses.filter(mode=data["mode"])
        if data["category"]:
            courses = courses.filter(ich_category=data["category"])
        if data["craft"]:
            courses = courses.filter(craft__icontains=data["craft"])
        if data["level"]:
            courses = courses.filter(skill_level=data["level"])
        if data["region"]:
            courses = courses.filter(
                region__code__startswith=region_prefix(data["region"])
            )
        if data["institution"]:
            courses = courses.filter(institution_id=data["institution"])
        if data["q"]:
            # Wagtail's search filters on indexed fields only; the other filters
            # narrowed the rows already, so search within those.
            ids = list(courses.values_list("id", flat=True))
            return CoursePage.objects.filter(id__in=ids).for_listing().search(data["q"])
        return courses.order_by("-first_published_at")

    def query_string(self) -> str:
        """The current filters, for pagination links."""
        if not self.is_bound or not self.is_valid():
            return ""
        pairs = {k: v for k, v in self.data.items() if k != "page" and v}
        return urlencode(pairs)
