"""Practical work (实训作业) and rubric assessments (实操考核): what trainees hand in
for practical lessons, the instructor's grade, and assessors' scores on a rubric."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from lms.scoping import ScopedQuerySet

HUNDRED = Decimal(100)


class ByEnrolmentCourse(ScopedQuerySet):
    """Rows scoped through their enrolment's course (region and institution)."""

    region_lookup = "enrolment__course__region__code"
    institution_lookup = "enrolment__course__institution_id"


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for a grade")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed yet")


class SubmissionQuerySet(ByEnrolmentCourse):
    def awaiting_grade(self) -> SubmissionQuerySet:
        return self.filter(status=SubmissionStatus.SUBMITTED)

    def passed(self) -> SubmissionQuerySet:
        return self.filter(status=SubmissionStatus.PASSED)


class Submission(models.Model):
    """A trainee's hand-in (作业提交) for a practical lesson: text, photos and perhaps
    a short video. Every try is kept; a trainee may try again until one passes."""

    enrolment = models.ForeignKey(
        "trainees.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="practical_submissions",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("practical task"),
        on_delete=models.PROTECT,
        related_name="practical_submissions",
    )
    text = models.TextField(_("description"), blank=True)
    video = models.ForeignKey(
        "media.VideoAsset",
        verbose_name=_("video"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practical_submissions",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    status = models.CharField(
        _("result"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    comment = models.TextField(_("instructor's comment"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("practical submission")
        verbose_name_plural = _("practical submissions")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="practical_score_between_0_and_100",
            ),
            models.CheckConstraint(
                condition=Q(status=SubmissionStatus.SUBMITTED)
                | Q(graded_at__isnull=False),
                name="practical_graded_submission_has_a_date",
            ),
            models.UniqueConstraint(
                fields=["enrolment", "lesson"],
                condition=Q(status=SubmissionStatus.PASSED),
                name="practical_one_passed_submission_per_task",
                violation_error_message=_("This task has already been passed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.user} · {self.lesson.title}"

    @property
    def is_graded(self) -> bool:
        return self.status != SubmissionStatus.SUBMITTED


class SubmissionPhoto(models.Model):
    """A photo of the work, checked to be an image and stored via the storage API."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(
        _("photo"), upload_to="practical/photos/%Y/%m/", max_length=255
    )
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.image.name


class Aggregation(models.TextChoices):
    AVERAGE = "average", _("Average of the assessors' totals")
    LEAD = "lead", _("The lead assessor decides")


class RubricQuerySet(ScopedQuerySet):
    region_lookup = "course__region__code"
    institution_lookup = "course__institution_id"


class Rubric(ClusterableModel):
    """A marking rubric (评分细则) for a course's practical assessment: criteria with
    maximum marks, a pass mark, and how several assessors' totals make one result."""

    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="practical_rubric",
    )
    title = models.CharField(_("title"), max_length=200)
    pass_mark = models.DecimalField(
        _("pass mark"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("The total a trainee needs to pass."),
    )
    aggregation = models.CharField(
        _("result"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.AVERAGE,
    )
    lead_assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead assessor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Needed when the lead assessor decides."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RubricQuerySet.as_manager()

    panels = [
        FieldPanel("course"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("aggregation")]),
        FieldPanel("lead_assessor"),
        InlinePanel("criteria", heading=_("Criteria"), label=_("Criterion"), min_num=1),
    ]

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0), name="practical_pass_mark_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(aggregation=Aggregation.LEAD)
                | Q(lead_assessor__isnull=False),
                name="practical_lead_rubric_names_its_lead",
                violation_error_message=_(
                    "Name the lead assessor, or let the result be the average."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_marks for c in self.criteria.all()), Decimal(0))


class Criterion(Orderable):
    """One criterion (评分项) of a rubric: its maximum marks and what earns them."""

    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=200)
    max_marks = models.DecimalField(
        _("maximum marks"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    descriptors = models.TextField(
        _("descriptors"),
        blank=True,
        help_text=_("What full, partial and no marks look like."),
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("max_marks")]),
        FieldPanel("descriptors"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_marks__gt=0), name="practical_criterion_max_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.max_marks})"


class Assessment(models.Model):
    """One assessor's scoresheet (评分表) for one trainee on a rubric; its total is
    the sum of the criterion marks, stored."""

    rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("rubric"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    enrolment = models.ForeignKey(
        "trainees.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="practical_assessments",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    objects = ByEnrolmentCourse.as_manager()

    class Meta:
        verbose_name = _("assessment scoresheet")
        verbose_name_plural = _("assessment scoresheets")
        ordering = ["-scored_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "enrolment", "assessor"],
                name="practical_one_scoresheet_per_assessor",
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0), name="practical_total_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.user} · {self.assessor}"


class CriterionScore(models.Model):
    """The marks one assessor gave on one criterion."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores"
    )
    marks = models.DecimalField(_("marks"), max_digits=6, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"],
                name="practical_one_mark_per_criterion",
            ),
            models.CheckConstraint(
                condition=Q(marks__gte=0), name="practical_marks_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.marks}"


class AssessmentResult(models.Model):
    """The trainee's result on a rubric (考核结果), kept up to date from the
    scoresheets: the average of totals or the lead assessor's, and pass or not."""

    rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("rubric"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    enrolment = models.ForeignKey(
        "trainees.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="practical_results",
    )
    score = models.DecimalField(
        _("score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True)
    assessors = models.PositiveSmallIntegerField(_("assessors"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ByEnrolmentCourse.as_manager()

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "enrolment"], name="practical_one_result_per_rubric"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True, passed__isnull=True)
                | Q(score__isnull=False, passed__isnull=False),
                name="practical_result_has_score_and_verdict",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.user} · {self.rubric}"
