"""Attendance (考勤) at scheduled sessions: check-in and check-out by rotating QR
code, or marked by hand by the instructor with a reason."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.scoping import ScopedQuerySet


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("QR code scan")
    MANUAL = "manual", _("Marked by hand")


class AttendanceQuerySet(ScopedQuerySet):
    region_lookup = "session__course__region__code"
    institution_lookup = "session__course__institution_id"

    def for_listing(self):
        return self.select_related(
            "session__course", "enrolment__user__person", "recorded_by"
        )


class Attendance(models.Model):
    """A trainee's attendance (出勤) at one session: when they checked in and out,
    how it was recorded, and the seconds credited inside the session's own hours."""

    session = models.ForeignKey(
        "courses.CourseSession",
        verbose_name=_("session"),
        # Public money is paid on attendance: a session with records stays.
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    enrolment = models.ForeignKey(
        "trainees.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    method = models.CharField(
        _("method"), max_length=8, choices=AttendanceMethod.choices
    )
    manual_reason = models.CharField(
        _("reason for marking by hand"), max_length=255, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    device_id = models.CharField(_("check-in device"), max_length=64, blank=True)
    check_out_device_id = models.CharField(
        _("check-out device"), max_length=64, blank=True
    )
    latitude = models.DecimalField(
        _("check-in latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("check-in longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    check_out_latitude = models.DecimalField(
        _("check-out latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    check_out_longitude = models.DecimalField(
        _("check-out longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    last_window = models.PositiveBigIntegerField(
        _("window of the last code scanned"),
        default=0,
        editable=False,
        help_text=_("A code older than this one is a replay and changes nothing."),
    )
    credited_seconds = models.PositiveIntegerField(
        _("credited seconds"),
        default=0,
        help_text=_("Time between check-in and check-out inside the session's hours."),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        ordering = ["session__starts_at", "checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="one_attendance_per_session_and_user"
            ),
            models.UniqueConstraint(
                fields=["session", "enrolment"],
                name="one_attendance_per_session_and_enrolment",
            ),
            models.UniqueConstraint(
                fields=["session", "device_id"],
                condition=~Q(device_id=""),
                name="one_trainee_per_device_and_session",
                violation_error_message=_(
                    "This phone has already checked in another trainee."
                ),
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_out_at__gte=models.F("checked_in_at")),
                name="attendance_checks_out_after_checking_in",
            ),
            models.CheckConstraint(
                condition=~Q(method=AttendanceMethod.MANUAL) | ~Q(manual_reason=""),
                name="attendance_marked_by_hand_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.session}"

    @property
    def trainee_name(self) -> str:
        person = getattr(self.user, "person", None)
        return person.real_name if person else str(self.user)

    @property
    def trainee_id_number(self) -> str:
        """Masked: the full number is for HR reviewing a claim, not for a roster."""
        person = getattr(self.user, "person", None)
        return person.id_number_masked if person else ""

    @property
    def course_title(self) -> str:
        return self.session.course.title

    @property
    def credited_hours(self) -> float:
        return round(self.credited_seconds / 3600, 2)

    # Column headings in the admin listing and export.
    trainee_name.fget.short_description = _("trainee")
    trainee_id_number.fget.short_description = _("ID number")
    course_title.fget.short_description = _("course")
    credited_hours.fget.short_description = _("credited hours")

    @property
    def is_present(self) -> bool:
        return self.checked_out_at is None
