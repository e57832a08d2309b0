"""Forms of the competitions site: registering an entry, a judge's score sheet."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from competitions.choices import SkillLevel
from competitions.models import Aspect, Competition
from competitions.services.registration import MAX_PHOTOS
from lms.identity import IdNumberField
from lms.models import Institution, Person, Region
from lms.scoping import region_prefix

MAX_PHOTO_BYTES = 10 * 1024 * 1024


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several image files from one input; each is checked to be a real image."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                _("At most %(max)s photos.") % {"max": MAX_PHOTOS}, code="too_many"
            )
        cleaned = []
        for file in files:
            if file.size > MAX_PHOTO_BYTES:
                raise ValidationError(
                    _("%(name)s is larger than 10 MB.") % {"name": file.name}
                )
            cleaned.append(super().clean(file, initial))
        return cleaned


class PhotosForm(forms.Form):
    photos = MultipleImageField(label=_("photos of the work"), required=True)


def _counties(competition: Competition):
    code = competition.eligible_region_id or competition.region_id
    return Region.objects.active().within(code).filter(level=Region.Level.COUNTY)


class RegistrationForm(forms.Form):
    """Entering a competition from the site. Asks for the real name and ID number
    only if the account has no person yet, and for teammates in a team event."""

    real_name = forms.CharField(label=_("real name"), max_length=64)
    id_number = IdNumberField(label=_("ID number"))
    household_region = forms.ModelChoiceField(
        label=_("household county"), queryset=Region.objects.none()
    )
    skill_level = forms.ChoiceField(
        label=_("skill level held"), choices=SkillLevel.choices, required=False
    )
    team_name = forms.CharField(label=_("team name"), max_length=100)
    institution = forms.ModelChoiceField(
        label=_("training institution"),
        queryset=Institution.objects.none(),
        required=False,
    )
    workshop_name = forms.CharField(
        label=_("workshop or employer"), max_length=200, required=False
    )
    description = forms.CharField(
        label=_("description of the work"), widget=forms.Textarea, required=False
    )
    photos = MultipleImageField(label=_("photos of the work"), required=False)

    def __init__(self, *args, competition: Competition, person: Person | None, **kw):
        super().__init__(*args, **kw)
        self.competition = competition
        if person is not None:
            del self.fields["real_name"], self.fields["id_number"]
        needs_region = competition.eligible_region_id is not None
        if needs_region and (person is None or not person.household_region_id):
            self.fields["household_region"].queryset = _counties(competition)
        else:
            del self.fields["household_region"]
        if not competition.is_team:
            del self.fields["team_name"]
        for n in range(2, competition.team_size + 1):
            self.fields[f"name_{n}"] = forms.CharField(
                label=_("teammate %(n)s: real name") % {"n": n}, max_length=64
            )
            self.fields[f"id_number_{n}"] = IdNumberField(
                label=_("teammate %(n)s: ID number") % {"n": n}
            )
            if needs_region:
                self.fields[f"region_{n}"] = forms.ModelChoiceField(
                    label=_("teammate %(n)s: household county") % {"n": n},
                    queryset=_counties(competition),
                )
            self.fields[f"skill_level_{n}"] = forms.ChoiceField(
                label=_("teammate %(n)s: skill level held") % {"n": n},
                choices=SkillLevel.choices,
                required=False,
            )
        prefix = region_prefix(competition.eligible_region_id or competition.region_id)
        institution = self.fields["institution"]
        institution.queryset = Institution.objects.filter(
            region__code__startswith=prefix
        )
        institution.required = competition.requires_institution

    def teammates(self) -> list[dict]:
        return [
            {
                "real_name": self.cleaned_data[f"name_{n}"],
                "id_number": self.cleaned_data[f"id_number_{n}"],
                "household_region": self.cleaned_data.get(f"region_{n}"),
                "skill_level": self.cleaned_data.get(f"skill_level_{n}", ""),
            }
            for n in range(2, self.competition.team_size + 1)
        ]


class ScoreSheetForm(forms.Form):
    """A judge's marks for one entry: 0–3 for each judgement aspect, a mark up to
    the maximum for each measurement. A blank leaves a mark as it was."""

    def __init__(
        self,
        *args,
        aspects: list[Aspect],
        locked_aspects: set[int] = frozenset(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.aspects = aspects
        for aspect in aspects:
            name = f"aspect_{aspect.pk}"
            if aspect.is_judgement:
                self.fields[name] = forms.TypedChoiceField(
                    label=aspect.description,
                    choices=[(n, str(n)) for n in range(4)],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect(attrs={"class": "scores"}),
                    help_text=aspect.guidance,
                )
            else:
                self.fields[name] = forms.DecimalField(
                    label=aspect.description,
                    min_value=Decimal(0),
                    max_value=aspect.max_mark,
                    decimal_places=2,
                    required=False,
                    disabled=aspect.pk in locked_aspects,
                    help_text=aspect.guidance,
                    widget=forms.NumberInput(
                        attrs={"step": "0.01", "inputmode": "decimal"}
                    ),
                )

    def marks(self) -> tuple[dict[int, int], dict[int, Decimal]]:
        judgements, measurements = {}, {}
        for aspect in self.aspects:
            field = f"aspect_{aspect.pk}"
            value = self.cleaned_data.get(field)
            if value is None or self.fields[field].disabled:
                continue
            (judgements if aspect.is_judgement else measurements)[aspect.pk] = value
        return judgements, measurements

    def rows(self):
        """(criterion, [(aspect, bound field)]) in scheme order, for the template."""
        grouped = {}
        for aspect in self.aspects:
            grouped.setdefault(aspect.criterion, []).append(
                (aspect, self[f"aspect_{aspect.pk}"])
            )
        return list(grouped.items())
