from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from lms.scoping import ScopedQuerySet


class JudgeAssignmentQuerySet(ScopedQuerySet):
    region_lookup = "competition__region__code"
    institution_lookup = None


class JudgeAssignment(ClusterableModel):
    """A judge (裁判) on a competition's panel, with the affiliation and declared
    relations that exclude them from entries (回避)."""

    competition = models.ForeignKey(
        "competitions.Competition",
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="judges",
    )
    person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("judge"),
        on_delete=models.PROTECT,
        related_name="judge_assignments",
    )
    is_chief = models.BooleanField(
        _("chief judge"), default=False, help_text=_("The chief judge locks marking.")
    )
    institution = models.ForeignKey(
        "lms.Institution",
        verbose_name=_("judge's institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The judge does not mark entries from this institution."),
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    objects = JudgeAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "-is_chief", "pk"]
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "person"],
                name="judge_once_per_competition",
                violation_error_message=_("This person already judges it."),
            ),
            models.UniqueConstraint(
                fields=["competition"],
                condition=Q(is_chief=True),
                name="one_chief_judge_per_competition",
                violation_error_message=_("The competition already has a chief judge."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.real_name} · {self.competition}"


class DeclaredRelationQuerySet(ScopedQuerySet):
    region_lookup = "judge__competition__region__code"
    institution_lookup = None


class DeclaredRelation(models.Model):
    """A relation a judge declares with a person (kin, teacher, employer …): the
    judge marks no entry that person is in."""

    judge = ParentalKey(
        JudgeAssignment, on_delete=models.CASCADE, related_name="relations"
    )
    person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("related person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("relation"), max_length=200)

    objects = DeclaredRelationQuerySet.as_manager()

    class Meta:
        verbose_name = _("declared relation")
        verbose_name_plural = _("declared relations")
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "person"], name="relation_declared_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.real_name}: {self.reason}"


class Measurement(models.Model):
    """The mark of a measurement aspect for one entry, as one judge recorded it."""

    entry = models.ForeignKey(
        "competitions.Entry", on_delete=models.CASCADE, related_name="measurements"
    )
    aspect = models.ForeignKey(
        "competitions.Aspect", on_delete=models.CASCADE, related_name="measurements"
    )
    judge = models.ForeignKey(
        JudgeAssignment, on_delete=models.PROTECT, related_name="measurements"
    )
    mark = models.DecimalField(_("mark"), max_digits=5, decimal_places=2)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("measurement mark")
        verbose_name_plural = _("measurement marks")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "aspect"], name="one_measurement_per_aspect"
            ),
            models.CheckConstraint(
                condition=Q(mark__gte=0), name="measurement_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} · {self.aspect_id}: {self.mark}"


class JudgementScore(models.Model):
    """One judge's 0–3 score of a judgement aspect for one entry."""

    entry = models.ForeignKey(
        "competitions.Entry", on_delete=models.CASCADE, related_name="judgements"
    )
    aspect = models.ForeignKey(
        "competitions.Aspect", on_delete=models.CASCADE, related_name="judgements"
    )
    judge = models.ForeignKey(
        JudgeAssignment, on_delete=models.PROTECT, related_name="judgements"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("judgement score")
        verbose_name_plural = _("judgement scores")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "aspect", "judge"], name="one_score_per_judge"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=3),
                name="judgement_score_0_to_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} · {self.aspect_id} · {self.judge_id}: {self.score}"


class SpreadReview(models.Model):
    """The chief judge's note that a flagged spread of scores was discussed and
    stands; it lapses when any of those scores changes."""

    entry = models.ForeignKey(
        "competitions.Entry", on_delete=models.CASCADE, related_name="+"
    )
    aspect = models.ForeignKey(
        "competitions.Aspect", on_delete=models.CASCADE, related_name="+"
    )
    chief = models.ForeignKey(
        JudgeAssignment, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("outcome of the discussion"), max_length=500)
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("spread review")
        verbose_name_plural = _("spread reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "aspect"], name="one_spread_review"
            )
        ]

    def __str__(self) -> str:
        return self.note
