"""Quizzes (测验): a question bank attached to a course or lesson, and the trainees'
attempts at it, graded on the server."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from lms.scoping import ScopedQuerySet

# An answer or submission this late after the deadline still counts: the network
# of a phone in the countryside is slow, and the clocks of two machines differ.
GRACE = dt.timedelta(seconds=5)


class QuizQuerySet(ScopedQuerySet):
    region_lookup = "course__region__code"
    institution_lookup = "course__institution_id"

    def published(self):
        return self.filter(published=True)

    def required(self):
        return self.published().filter(required_for_completion=True)


class Quiz(models.Model):
    """A quiz (测验) of a course, optionally tied to one of its lessons: how many
    questions each attempt draws from the bank, time, attempts and pass mark."""

    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="quizzes",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quizzes",
        help_text=_("Optional: the lesson this quiz checks."),
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True)
    draw_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        help_text=_("Drawn at random from the bank; leave empty to ask them all."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no time limit."),
    )
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=1)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60)
    show_answers = models.BooleanField(
        _("show the correct answers after the last attempt"), default=False
    )
    required_for_completion = models.BooleanField(
        _("passing it is required to complete the course"), default=True
    )
    published = models.BooleanField(
        _("open to trainees"),
        default=False,
        help_text=_("Open it once the question bank is ready."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["course_id", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=1) & models.Q(pass_mark__lte=100),
                name="quiz_pass_mark_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1),
                name="quiz_allows_at_least_one_attempt",
            ),
            models.CheckConstraint(
                condition=models.Q(draw_count__isnull=True)
                | models.Q(draw_count__gte=1),
                name="quiz_draws_at_least_one_question",
            ),
            models.CheckConstraint(
                condition=models.Q(time_limit_minutes__isnull=True)
                | models.Q(time_limit_minutes__gte=1),
                name="quiz_time_limit_is_at_least_a_minute",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.lesson_id and self.course_id:
            if self.lesson.get_parent().pk != self.course_id:
                raise ValidationError(
                    {"lesson": _("This lesson belongs to another course.")}
                )
        if self.published:
            bank = self.questions.count() if self.pk else 0
            if bank == 0:
                raise ValidationError(
                    {"published": _("Add questions before opening the quiz.")}
                )
            if self.draw_count and self.draw_count > bank:
                raise ValidationError(
                    {
                        "draw_count": _(
                            "The bank has only %(bank)s questions; an attempt cannot "
                            "draw %(count)s."
                        )
                        % {"bank": bank, "count": self.draw_count}
                    }
                )

    @property
    def time_limit(self) -> dt.timedelta | None:
        if self.time_limit_minutes is None:
            return None
        return dt.timedelta(minutes=self.time_limit_minutes)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")


class QuestionQuerySet(ScopedQuerySet):
    region_lookup = "quiz__course__region__code"
    institution_lookup = "quiz__course__institution_id"


class Question(ClusterableModel):
    """A question (试题) of a quiz's bank, with its choices and correct answers."""

    quiz = models.ForeignKey(
        Quiz,
        verbose_name=_("quiz"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=QuestionKind.choices,
        default=QuestionKind.SINGLE,
    )
    text = models.TextField(_("question"))
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Shown with the correct answers, when the quiz shows them."),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["quiz_id", "pk"]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 60 else self.text[:59] + "…"


class Choice(Orderable):
    """One choice (选项) of a question; the correct ones stay on the server."""

    question = ParentalKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="choices",
    )
    text = models.CharField(_("choice"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    TIMED_OUT = "timed_out", _("Closed when time ran out")


class AttemptQuerySet(ScopedQuerySet):
    region_lookup = "quiz__course__region__code"
    institution_lookup = "quiz__course__institution_id"

    def graded(self):
        return self.exclude(status=AttemptStatus.IN_PROGRESS)

    def in_progress(self):
        return self.filter(status=AttemptStatus.IN_PROGRESS)


class Attempt(models.Model):
    """One trainee's attempt (作答) at a quiz: the questions drawn, the deadline and,
    once closed, the score."""

    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.PROTECT,
        related_name="quiz_attempts",
    )
    enrolment = models.ForeignKey(
        "trainees.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="quiz_attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AttemptStatus.choices,
        default=AttemptStatus.IN_PROGRESS,
    )
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    question_count = models.PositiveSmallIntegerField(_("questions"))
    correct_count = models.PositiveSmallIntegerField(_("correct"), null=True)
    score_percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True
    )
    passed = models.BooleanField(_("passed"), null=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="one_attempt_per_number"
            ),
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=models.Q(status="in_progress"),
                name="one_open_attempt_per_quiz_and_trainee",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="attempt_number_from_one"
            ),
            models.CheckConstraint(
                condition=models.Q(status="in_progress")
                | (
                    models.Q(closed_at__isnull=False)
                    & models.Q(score_percent__isnull=False)
                    & models.Q(passed__isnull=False)
                ),
                name="closed_attempt_is_graded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} · {self.user} · {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS

    def is_late(self, now: dt.datetime) -> bool:
        """Past the deadline and its grace: nothing more is accepted."""
        return self.deadline is not None and now > self.deadline + GRACE


class AttemptQuestion(models.Model):
    """A question as drawn for one attempt: its place, the order its choices were
    shown in, the trainee's answer and, once graded, whether it was right."""

    attempt = models.ForeignKey(
        Attempt,
        verbose_name=_("attempt"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    choice_order = models.JSONField(_("choices as shown"), default=list)
    selected = models.JSONField(_("chosen"), default=list)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    is_correct = models.BooleanField(_("correct"), null=True)

    class Meta:
        verbose_name = _("drawn question")
        verbose_name_plural = _("drawn questions")
        ordering = ["attempt_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="question_drawn_once_per_attempt"
            ),
            models.UniqueConstraint(
                fields=["attempt", "position"], name="one_question_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.position}"
