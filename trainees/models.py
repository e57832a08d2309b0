"""The learner's record: enrolment, watch progress, attendance, assessments,
certificates, subsidy eligibility and claims."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.models.sync import TracksUpdates
from lms.scoping import ScopedQuerySet


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("On the waiting list")
    REJECTED = "rejected", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Enrolled themselves")
    APPROVAL = "approval", _("Approved on request")
    COHORT = "cohort", _("Added to the cohort")


# Hours are reported to the hundredth (0.01 h, 36 s), rounded half up (四舍五入).
HUNDREDTH_OF_HOUR_SECONDS = 36


def hundredths_of_hour(seconds: int) -> int:
    """``seconds`` (not negative) in hundredths of an hour, rounded half up."""
    return (seconds + HUNDREDTH_OF_HOUR_SECONDS // 2) // HUNDREDTH_OF_HOUR_SECONDS


class EnrolmentQuerySet(ScopedQuerySet):
    region_lookup = "course__region__code"
    institution_lookup = "course__institution_id"

    def enrolled(self):
        return self.filter(status=EnrolmentStatus.ENROLLED)

    def waitlisted(self):
        return self.filter(status=EnrolmentStatus.WAITLISTED).order_by("requested_at")


class Enrolment(TracksUpdates):
    """A trainee's place on a course (报名): asked for, held, waiting or ended."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus.choices
    )
    source = models.CharField(_("how"), max_length=10, choices=EnrolmentSource.choices)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    verified_seconds = models.PositiveIntegerField(
        _("verified watch time (seconds)"),
        default=0,
        help_text=_(
            "Training time (学时) spent watching the course's videos, as the server "
            "verified: never faster than the wall clock, whatever the playback rate."
        ),
    )
    covered_seconds = models.PositiveIntegerField(
        _("video covered (seconds)"),
        default=0,
        help_text=_("Seconds of the course's videos seen at least once."),
    )
    attended_seconds = models.PositiveIntegerField(
        _("attendance (seconds)"),
        default=0,
        help_text=_(
            "Credited seconds of all the trainee's attendance on the course's sessions."
        ),
    )
    completed_at = models.DateTimeField(
        _("completed at"),
        null=True,
        blank=True,
        help_text=_("When the course's completion rule was first met."),
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="one_enrolment_per_trainee_and_course"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"


class LessonProgressQuerySet(ScopedQuerySet):
    region_lookup = "enrolment__course__region__code"
    institution_lookup = "enrolment__course__institution_id"


class LessonProgress(models.Model):
    """How much of one video lesson a trainee has verifiably watched (观看进度).

    ``intervals`` is the union of covered ranges of the video's timeline;
    ``covered_seconds`` its stored length, so pages never recompute it.
    """

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    intervals = models.JSONField(_("covered ranges"), default=list)
    covered_seconds = models.FloatField(_("verified seconds"), default=0)
    spent_seconds = models.FloatField(
        _("time spent (seconds)"),
        default=0,
        help_text=_("Wall-clock time it took to cover what is covered."),
    )
    duration = models.FloatField(_("video length (seconds)"), default=0)
    required_share = models.PositiveSmallIntegerField(
        _("share required (%)"), default=90
    )
    last_position = models.FloatField(_("last position"), default=0)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last heartbeat"), auto_now=True)

    objects = LessonProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson"], name="one_progress_per_lesson"
            ),
            models.CheckConstraint(
                condition=models.Q(covered_seconds__gte=0),
                name="progress_covered_is_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.lesson_id}"

    @property
    def share(self) -> float:
        """The covered share of the video, 0.0–1.0."""
        if not self.duration:
            return 0.0
        return min(1.0, self.covered_seconds / self.duration)


class PlaybackSession(models.Model):
    """One stream of one lesson on one device (播放会话); a trainee has one at a time.

    Heartbeats name it by ``key``; it keeps where the previous heartbeat left the
    video, so that the next one is credited only for what wall-clock time allows.
    """

    class EndReason(models.TextChoices):
        SUPERSEDED = "superseded", _("Playback moved to another tab or device")
        LOGGED_OUT = "logged_out", _("Logged out")
        WITHDRAWN = "withdrawn", _("You are no longer enrolled on this course")

    key = models.CharField(_("key"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.CASCADE,
        related_name="playback_sessions",
    )
    progress = models.ForeignKey(
        LessonProgress,
        verbose_name=_("lesson progress"),
        on_delete=models.CASCADE,
        related_name="playback_sessions",
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    last_sequence = models.IntegerField(_("last sequence number"), default=-1)
    last_position = models.FloatField(_("last position"), default=0)
    last_playing = models.BooleanField(_("playing"), default=False)
    last_rate = models.FloatField(_("playback rate"), default=1)
    last_seen_at = models.DateTimeField(_("last heartbeat"))
    credited_seconds = models.FloatField(_("newly covered seconds"), default=0)
    clock_balance = models.FloatField(
        _("time balance (seconds)"),
        default=0,
        help_text=_(
            "Network jitter the next heartbeat evens out (at most half a second): "
            "playing time not yet counted as hours, or, below zero, coverage not "
            "yet counted for lack of time."
        ),
    )
    delivery_verified = models.BooleanField(
        _("delivery verified"),
        default=False,
        help_text=_(
            "The video was delivered encrypted, so credit was limited to the key "
            "windows this session fetched. Otherwise (a video in the old format) its "
            "credit is not delivery-verified."
        ),
    )
    delivered = models.JSONField(
        _("delivered ranges"),
        default=list,
        blank=True,
        help_text=_("The union of the key windows this session fetched, in seconds."),
    )
    max_rate = models.FloatField(_("fastest rate credited"), default=1)
    next_check_at = models.FloatField(
        _("next attention check (position)"),
        null=True,
        blank=True,
        help_text=_("Drawn by the server; never sent to the player before it is due."),
    )
    check_pending = models.BooleanField(_("attention check unanswered"), default=False)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=12, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("playback session")
        verbose_name_plural = _("playback sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_playback_per_trainee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.started_at:%Y-%m-%d %H:%M}"


class KeyDelivery(models.Model):
    """One key window of an encrypted video that a playback session fetched (密钥下发
    记录): evidence that this part of the video was delivered to that login.
    Recorded once per window; a second fetch is served but not recorded again."""

    session = models.ForeignKey(
        PlaybackSession,
        verbose_name=_("playback session"),
        on_delete=models.CASCADE,
        related_name="key_deliveries",
    )
    window = models.PositiveIntegerField(_("key window"))
    start = models.FloatField(_("from (seconds)"))
    end = models.FloatField(_("to (seconds)"))
    fetched_at = models.DateTimeField(_("fetched at"), auto_now_add=True)

    class Meta:
        verbose_name = _("key delivery")
        verbose_name_plural = _("key deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "window"], name="one_key_delivery_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.window}"


class AttentionOutcome(models.TextChoices):
    ASKED = "asked", _("Waiting for the answer")
    ANSWERED = "answered", _("Answered in time")
    LATE = "late", _("Answered late")


class IdentityStatus(models.TextChoices):
    NOT_ASKED = "", _("No identity check")
    PENDING = "pending", _("Waiting for review")
    MATCHING = "matching", _("Matches the trainee")
    NOT_MATCHING = "not_matching", _("Does not match the trainee")


class AttentionCheckQuerySet(ScopedQuerySet):
    region_lookup = "enrolment__course__region__code"
    institution_lookup = "enrolment__course__institution_id"

    def awaiting_review(self):
        return self.filter(identity_status=IdentityStatus.PENDING).exclude(capture="")


class AttentionCheck(models.Model):
    """An attention check (防挂机): the player paused at a moment the server drew and
    asked the trainee to tap within a short time; optionally with a face capture
    for an identity check. Evidence on the claim."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="attention_checks",
    )
    session = models.ForeignKey(
        PlaybackSession,
        verbose_name=_("playback session"),
        on_delete=models.CASCADE,
        related_name="attention_checks",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    position = models.FloatField(_("position in the video (s)"))
    asked_at = models.DateTimeField(_("asked at"))
    due_at = models.DateTimeField(_("answer due by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        choices=AttentionOutcome.choices,
        default=AttentionOutcome.ASKED,
    )
    capture = models.FileField(
        _("face capture"), upload_to="attention/%Y/%m/", max_length=255, blank=True
    )
    identity_status = models.CharField(
        _("identity"),
        max_length=12,
        choices=IdentityStatus.choices,
        default=IdentityStatus.NOT_ASKED,
        blank=True,
    )
    verified_by = models.CharField(_("verified by"), max_length=100, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = AttentionCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("attention check")
        verbose_name_plural = _("attention checks")
        ordering = ["asked_at"]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.asked_at:%Y-%m-%d %H:%M:%S}"

    @property
    def missed(self) -> bool:
        """Not answered by the time it was due (answered late, or not at all)."""
        return self.outcome != AttentionOutcome.ANSWERED
