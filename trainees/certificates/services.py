"""Writes of certificates: issuing on completion or for a cohort, recording those
issued elsewhere, revoking, and storing the PDF."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from courses.models import CoursePage
from lms.models import Institution, Person, Region, User
from lms.services import register_person
from lms.skills import LEVELLED_KINDS
from trainees.certificates import pdf
from trainees.certificates.models import Certificate, CertificateStatus
from trainees.models import Enrolment, EnrolmentStatus

# Crockford's base32: no I, L, O or U, so a number read aloud or typed is not misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SERIAL_PREFIX = "JX"
SERIAL_RANDOM_LENGTH = 10  # 50 random bits: not guessable, not enumerable
CODE_LENGTH = 6


def new_serial(year: int) -> str:
    """A serial like JX2026K7Q2M4X9AB: prefix, year, random base32."""
    random_part = "".join(secrets.choice(ALPHABET) for _ in range(SERIAL_RANDOM_LENGTH))
    return f"{SERIAL_PREFIX}{year}{random_part}"


def new_verification_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _refuse_unless_certifiable(enrolment: Enrolment) -> Person:
    """The holder of the certificate this enrolment would earn, or a clear refusal."""
    course = enrolment.course
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(
            _("Only a trainee who holds a place on the course can be certified."),
            code="not_enrolled",
        )
    if not course.awards:
        raise ValidationError(
            _("%(course)s awards no certificate.") % {"course": course.title},
            code="awards_nothing",
        )
    if course.awards in LEVELLED_KINDS and course.skill_level is None:
        raise ValidationError(
            _("%(course)s awards a certificate of a skill level but names no level.")
            % {"course": course.title},
            code="no_level",
        )
    person = Person.objects.filter(user_id=enrolment.user_id).first()
    if person is None:
        raise ValidationError(
            _(
                "%(trainee)s has not given their real name and resident ID number, "
                "which a certificate must carry. Ask them to complete their profile."
            )
            % {"trainee": enrolment.user},
            code="no_person",
        )
    return person


def _training_dates(enrolment: Enrolment) -> tuple[dt.date, dt.date]:
    course = enrolment.course
    started = course.starts_on or timezone.localdate(
        enrolment.decided_at or enrolment.requested_at
    )
    ended = course.ends_on or (
        timezone.localdate(enrolment.completed_at)
        if enrolment.completed_at
        else timezone.localdate()
    )
    return started, max(started, ended)


def _render_after_commit(certificate: Certificate) -> None:
    from trainees.certificates.tasks import render_certificate_pdf_task

    transaction.on_commit(lambda: render_certificate_pdf_task.delay(certificate.pk))


@transaction.atomic
def issue_certificate(*, enrolment: Enrolment) -> Certificate:
    """The certificate a completed enrolment earns, issued once: a second call, even
    a concurrent one, returns the first certificate. The PDF follows in a task."""
    existing = Certificate.objects.filter(enrolment_id=enrolment.pk).first()
    if existing is not None:
        return existing
    person = _refuse_unless_certifiable(enrolment)
    course = enrolment.course
    started_on, ended_on = _training_dates(enrolment)
    today = timezone.localdate()
    for _attempt in range(5):
        certificate = Certificate(
            kind=course.awards,
            person=person,
            enrolment=enrolment,
            course=course,
            course_title=course.title,
            occupation=course.occupation,
            skill_level=course.skill_level,
            hours=course.planned_hours,
            started_on=started_on,
            ended_on=ended_on,
            institution_id=course.institution_id,
            region_id=course.region_id,
            serial=new_serial(today.year),
            verification_code=new_verification_code(),
            issued_on=today,
        )
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            # Either a concurrent call issued it first, or (rarely) the serial was
            # drawn before: return theirs, or draw again.
            existing = Certificate.objects.filter(enrolment_id=enrolment.pk).first()
            if existing is not None:
                return existing
            continue
        _render_after_commit(certificate)
        return certificate
    raise IntegrityError("No free certificate serial after five draws.")


@dataclass
class CohortIssue:
    """What issuing for a cohort did: new certificates, those that already had one,
    and the trainees refused with the reason."""

    issued: list[Certificate] = field(default_factory=list)
    already: int = 0
    refused: list[tuple[Enrolment, str]] = field(default_factory=list)


@transaction.atomic
def issue_for_cohort(*, course: CoursePage, by: User) -> CohortIssue:
    """The institution issues certificates to every enrolled trainee of the course
    who met its completion rule; one trainee's refusal does not stop the others."""
    if not course.awards:
        raise ValidationError(
            _("%(course)s awards no certificate.") % {"course": course.title},
            code="awards_nothing",
        )
    result = CohortIssue()
    enrolments = (
        Enrolment.objects.enrolled()
        .filter(course=course, completed_at__isnull=False)
        .select_related("course", "user")
        .order_by("pk")
    )
    certified = set(
        Certificate.objects.filter(enrolment__course=course).values_list(
            "enrolment_id", flat=True
        )
    )
    for enrolment in enrolments:
        if enrolment.pk in certified:
            result.already += 1
            continue
        try:
            certificate = issue_certificate(enrolment=enrolment)
        except ValidationError as error:
            result.refused.append((enrolment, " ".join(error.messages)))
            continue
        log(instance=certificate, action="certificates.issue", user=by)
        result.issued.append(certificate)
    return result


@transaction.atomic
def record_external_certificate(
    *,
    real_name: str,
    id_number: str,
    kind: str,
    serial: str,
    issuing_body: str,
    issued_on: dt.date,
    region: Region,
    by: User,
    institution: Institution | None = None,
    occupation: str = "",
    skill_level: int | None = None,
    course_title: str = "",
    hours: Decimal | None = None,
) -> Certificate:
    """Record a certificate issued elsewhere (e.g. a skill-level certificate from an
    evaluation organisation 评价机构) under its own number; the holder is found or
    registered by ID number."""
    serial = "".join(serial.split()).upper()
    issuing_body = issuing_body.strip()
    errors = {}
    if not serial:
        errors["serial"] = _("Enter the certificate's number.")
    elif Certificate.objects.filter(serial=serial).exists():
        errors["serial"] = _("A certificate with this number is already recorded.")
    if not issuing_body:
        errors["issuing_body"] = _("Name the body that issued the certificate.")
    if issued_on > timezone.localdate():
        errors["issued_on"] = _("The issue date cannot be in the future.")
    if kind in LEVELLED_KINDS and skill_level is None:
        errors["skill_level"] = _(
            "A qualification or skill-level certificate names its level."
        )
    if errors:
        raise ValidationError(errors)
    person = register_person(real_name=real_name, id_number=id_number)
    certificate = Certificate(
        kind=kind,
        person=person,
        course_title=course_title.strip(),
        occupation=occupation.strip(),
        skill_level=skill_level,
        hours=hours,
        institution=institution,
        issuing_body=issuing_body,
        region=region,
        serial=serial,
        verification_code=new_verification_code(),
        issued_on=issued_on,
        recorded_by=by,
    )
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        raise ValidationError(
            {"serial": _("A certificate with this number is already recorded.")}
        ) from None
    log(instance=certificate, action="wagtail.create", user=by)
    return certificate


@transaction.atomic
def revoke_certificate(
    *, certificate: Certificate, by: User, reason: str
) -> Certificate:
    """The institution withdraws a certificate, saying why; the verification page
    shows it as revoked from this moment."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the certificate is revoked.")}, code="no_reason"
        )
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise ValidationError(
            _("This certificate was already revoked on %(date)s.")
            % {"date": timezone.localdate(certificate.revoked_at)},
            code="already_revoked",
        )
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revocation_reason = reason
    certificate.save(
        update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"]
    )
    log(
        instance=certificate,
        action="certificates.revoke",
        user=by,
        data={"reason": reason},
    )
    return certificate


@transaction.atomic
def store_certificate_pdf(*, certificate_id: int) -> Certificate:
    """Render the PDF of a certificate issued here and keep it in file storage."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("person", "institution")
        .get(pk=certificate_id)
    )
    if certificate.is_external:
        raise ValidationError(
            _("Certificates issued elsewhere have no PDF from Jiangxin."),
            code="external",
        )
    content = pdf.render_certificate(certificate)
    previous = certificate.pdf.name
    certificate.pdf.save(f"{certificate.serial}.pdf", ContentFile(content), save=False)
    certificate.save(update_fields=["pdf"])
    if previous and previous != certificate.pdf.name:
        storage, name = certificate.pdf.storage, previous
        transaction.on_commit(lambda: storage.delete(name))
    return certificate
