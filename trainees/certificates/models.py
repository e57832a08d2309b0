"""Certificates (证书): issued here when a course is completed, or issued elsewhere
(an evaluation organisation's skill-level certificate) and recorded by staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.models.sync import TracksUpdates
from lms.scoping import ScopedQuerySet
from lms.skills import LEVELLED_KINDS, CertificateKind, SkillLevel


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


class CertificateQuerySet(ScopedQuerySet):
    region_lookup = "region__code"
    institution_lookup = "institution_id"

    def valid(self):
        return self.filter(status=CertificateStatus.VALID)

    def issued_here(self):
        """Certificates Jiangxin issued (and vouches for on its verification page)."""
        return self.filter(enrolment__isnull=False)


def pdf_path(certificate: Certificate, filename: str) -> str:
    return f"certificates/{certificate.issued_on:%Y}/{certificate.serial}.pdf"


class Certificate(TracksUpdates):
    """A certificate (证书) held by a person: a training certificate (培训合格证书),
    a special-ability certificate (专项职业能力证书) or a skill-level certificate
    (职业技能等级证书). What it says is fixed when it is issued."""

    kind = models.CharField(_("kind"), max_length=16, choices=CertificateKind.choices)
    person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    # One certificate per enrolment: "issued once" is a fact of the database.
    enrolment = models.OneToOneField(
        "trainees.Enrolment",
        verbose_name=_("enrolment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    course_title = models.CharField(
        _("training project"),
        max_length=255,
        blank=True,
        help_text=_("The course's title when the certificate was issued (培训项目)."),
    )
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    skill_level = models.PositiveSmallIntegerField(
        _("skill level"), choices=SkillLevel.choices, null=True, blank=True
    )
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    started_on = models.DateField(_("training started on"), null=True, blank=True)
    ended_on = models.DateField(_("training ended on"), null=True, blank=True)
    institution = models.ForeignKey(
        "lms.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        help_text=_(
            "The training institution that issued it, or that recorded a "
            "certificate issued elsewhere."
        ),
    )
    issuing_body = models.CharField(
        _("issuing body"),
        max_length=200,
        blank=True,
        help_text=_("For a certificate issued elsewhere: who issued it."),
    )
    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    serial = models.CharField(_("certificate number"), max_length=40, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=8)
    issued_on = models.DateField(_("issued on"))
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to=pdf_path, blank=True, max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="certificate_issued_here_or_elsewhere",
                condition=(
                    Q(enrolment__isnull=False, issuing_body="")
                    | (Q(enrolment__isnull=True) & ~Q(issuing_body=""))
                ),
            ),
            models.CheckConstraint(
                name="certificate_revoked_with_date_and_reason",
                condition=(
                    Q(status=CertificateStatus.VALID, revoked_at__isnull=True)
                    | (
                        Q(status=CertificateStatus.REVOKED, revoked_at__isnull=False)
                        & ~Q(revocation_reason="")
                    )
                ),
            ),
            models.CheckConstraint(
                name="certificate_skill_level_has_level",
                condition=~Q(kind__in=LEVELLED_KINDS) | Q(skill_level__isnull=False),
                violation_error_message=_(
                    "A qualification or skill-level certificate names its level."
                ),
            ),
            models.CheckConstraint(
                name="certificate_training_ends_after_it_starts",
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                violation_error_message=_("The training cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.serial} · {self.get_kind_display()}"

    @property
    def is_revoked(self) -> bool:
        return self.status == CertificateStatus.REVOKED

    @property
    def is_external(self) -> bool:
        return self.enrolment_id is None

    @property
    def issuer_name(self) -> str:
        """Who issued it: the issuing body named, else the institution."""
        return self.issuing_body or (self.institution.name if self.institution else "")
