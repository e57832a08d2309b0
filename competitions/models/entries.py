from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from competitions.choices import SkillLevel
from lms.scoping import ScopedQuerySet


class EntryQuerySet(ScopedQuerySet):
    region_lookup = "competition__region__code"
    institution_lookup = "institution_id"

    def registered(self):
        return self.filter(status=Entry.Status.REGISTERED)

    def of_person(self, person):
        return self.filter(members__person=person)


class Entry(ClusterableModel):
    """An entry (参赛作品/参赛队) in a competition: one competitor or a team, with
    the work's photos, a description and the affiliation judges are checked
    against."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        WITHDRAWN = "withdrawn", _("withdrawn")

    competition = models.ForeignKey(
        "competitions.Competition",
        verbose_name=_("competition"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    number = models.PositiveIntegerField(_("entry number"), editable=False)
    team_name = models.CharField(_("team name"), max_length=100, blank=True)
    institution = models.ForeignKey(
        "lms.Institution",
        verbose_name=_("training institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competition_entries",
    )
    workshop_name = models.CharField(
        _("workshop or employer"),
        max_length=200,
        blank=True,
        help_text=_("Shown with the results; not yet a link to the workshop record."),
    )
    description = models.TextField(_("description of the work"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REGISTERED
    )
    completion_time = models.DurationField(
        _("completion time"),
        null=True,
        blank=True,
        help_text=_("How long the competitor took (hh:mm:ss); used to break ties."),
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "number"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "number"], name="entry_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number:03d} {self.competitors}"

    @property
    def competitors(self) -> str:
        names = "、".join(m.person.real_name for m in self.members.all())
        return f"{self.team_name} ({names})" if self.team_name else names

    competitors.fget.short_description = _("Competitors")

    @property
    def affiliation(self) -> str:
        return self.institution.name if self.institution else self.workshop_name

    affiliation.fget.short_description = _("Affiliation")

    @property
    def award_labels(self) -> list[str]:
        """The awards of the entry, once each (a team's members share them)."""
        labels = []
        for award in self.awards.all():
            if (label := award.get_kind_display()) not in labels:
                labels.append(label)
        return labels


class EntryMember(models.Model):
    """A competitor (参赛选手) of an entry: a person, at most once per competition."""

    entry = ParentalKey(Entry, on_delete=models.CASCADE, related_name="members")
    competition = models.ForeignKey(
        "competitions.Competition",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )
    person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("competitor"),
        on_delete=models.PROTECT,
        related_name="competition_entries",
    )
    skill_level = models.CharField(
        _("skill level held"),
        max_length=1,
        choices=SkillLevel.choices,
        blank=True,
        help_text=_("The occupational skill level held when entering."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "person"],
                name="competitor_enters_once",
                violation_error_message=_("This person has already entered."),
            )
        ]

    def __str__(self) -> str:
        return self.person.real_name


class EntryPhoto(Orderable):
    """A photo of the entry's work, for judges and the exhibition gallery (作品展)."""

    entry = ParentalKey(Entry, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or str(self.image)
