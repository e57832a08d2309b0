"""Forms of the competitions admin: every choice limited to the user's scope."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from competitions.choices import SkillLevel
from competitions.models import (
    Competition,
    DeclaredRelation,
    Entry,
    JudgeAssignment,
)
from competitions.models.competitions import MAX_TEAM_SIZE
from lms.admin_helpers import ScopedChoicesForm
from lms.identity import IdNumberField
from lms.models import Person, Region, User

Status = Competition.Status


def scoped(queryset, user):
    return queryset.in_scope(user) if user is not None else queryset.none()


class CompetitionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            self.fields["region"].queryset = scoped(Region.objects, self.for_user)
        if self.instance.pk and self.instance.entries.exists():
            # Entries were made for this size and organiser: they stay as entered.
            for name in ("region", "entry_kind", "team_size"):
                self.fields[name].disabled = True

    def clean(self):
        if self.instance.pk and self.instance.status == Status.PUBLISHED:
            raise ValidationError(_("The results are published: nothing can change."))
        return super().clean()


class CriterionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competition"].queryset = scoped(
            Competition.objects, self.for_user
        ).filter(
            scheme_approved_at__isnull=True,
            status__in=[Status.DRAFT, Status.OPEN, Status.CLOSED],
        )
        if self.instance.pk:
            self.fields["competition"].disabled = True

    def clean(self):
        competition = (
            self.instance.competition
            if self.instance.pk
            else self.cleaned_data.get("competition")
        )
        if competition and competition.scheme_approved_at:
            raise ValidationError(
                _("The marking scheme is approved: withdraw the approval to edit it.")
            )
        return super().clean()


class AssignJudgeForm(ScopedChoicesForm):
    """A judge is named by real name and ID number, and logs in with an account."""

    real_name = forms.CharField(label=_("real name"), max_length=64)
    id_number = IdNumberField(label=_("ID number"))
    account = forms.EmailField(
        label=_("account email"),
        help_text=_("The judge marks with this account on the judging pages."),
    )

    class Meta:
        model = JudgeAssignment
        fields = ["competition", "real_name", "id_number", "account"]
        fields += ["institution", "is_chief"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competition"].queryset = scoped(
            Competition.objects, self.for_user
        ).filter(marking_locked_at__isnull=True)

    def clean_account(self):
        email = self.cleaned_data["account"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("No active account has this email address."))
        return user


class JudgeForm(ScopedChoicesForm):
    class Meta:
        model = JudgeAssignment
        fields = ["institution", "is_chief"]

    def clean(self):
        if self.instance.competition.marking_locked:
            raise ValidationError(_("Marking is locked: the panel cannot change."))
        return super().clean()


class DeclaredRelationForm(WagtailAdminModelForm):
    class Meta:
        model = DeclaredRelation
        fields = ["judge", "person", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        judges = scoped(JudgeAssignment.objects, self.for_user).filter(
            competition__marking_locked_at__isnull=True
        )
        self.fields["judge"].queryset = judges.select_related("person", "competition")
        self.fields["person"].queryset = Person.objects.filter(
            competition_entries__competition__judges__in=judges
        ).distinct()
        self.fields["person"].help_text = _("A competitor in the judge's competition.")

    def clean(self):
        data = super().clean()
        judge, person = data.get("judge"), data.get("person")
        if (
            judge
            and person
            and not judge.competition.entries.of_person(person).exists()
        ):
            self.add_error("person", _("This person has not entered that competition."))
        return data


class EntryCompetitorsMixin:
    """Fields for each competitor: real name, ID number and skill level held."""

    def add_competitor_fields(self) -> None:
        for n in range(1, MAX_TEAM_SIZE + 1):
            required = n == 1
            self.fields[f"name_{n}"] = forms.CharField(
                label=_("competitor %(n)s: real name") % {"n": n},
                max_length=64,
                required=required,
            )
            self.fields[f"id_number_{n}"] = IdNumberField(
                label=_("competitor %(n)s: ID number") % {"n": n},
                required=required,
            )
            self.fields[f"skill_level_{n}"] = forms.ChoiceField(
                label=_("competitor %(n)s: skill level held") % {"n": n},
                choices=SkillLevel.choices,
                required=False,
            )

    def competitor_rows(self) -> list[tuple[str, str, str]]:
        rows = []
        for n in range(1, MAX_TEAM_SIZE + 1):
            name = self.cleaned_data.get(f"name_{n}", "").strip()
            number = self.cleaned_data.get(f"id_number_{n}", "").strip()
            if name or number:
                rows.append((name, number, self.cleaned_data.get(f"skill_level_{n}")))
        return rows


class AddEntryForm(EntryCompetitorsMixin, ScopedChoicesForm):
    class Meta:
        model = Entry
        fields = ["competition", "team_name", "institution", "workshop_name"]
        fields += ["description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competition"].queryset = scoped(
            Competition.objects, self.for_user
        ).filter(status=Status.OPEN)
        self.add_competitor_fields()

    def clean(self):
        data = super().clean()
        for name, number, _level in self.competitor_rows():
            if not (name and number):
                raise ValidationError(_("Give each competitor's name and ID number."))
        return data


class EntryForm(ScopedChoicesForm):
    """Editing an entry: affiliation until judging, the time until the lock."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        competition = self.instance.competition
        if competition.status in (Status.JUDGING, Status.PUBLISHED):
            self.fields["institution"].disabled = True
            self.fields["workshop_name"].disabled = True
        if competition.marking_locked:
            self.fields["completion_time"].disabled = True

    def clean(self):
        if self.instance.competition.status == Status.PUBLISHED:
            raise ValidationError(_("The results are published: nothing can change."))
        return super().clean()
