"""The learner's record: enrolment, watch progress, attendance, assessments,
certificates, subsidy eligibility and claims."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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


class EnrolmentQuerySet(ScopedQuerySet):
    region_lookup = "course__region__code"
    institution_lookup = "course__institution_id"

    def enrolled(self):
        return self.filter(status=EnrolmentStatus.ENROLLED)

    def waitlisted(self):
        return self.filter(status=EnrolmentStatus.WAITLISTED).order_by("requested_at")


class Enrolment(models.Model):
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
