"""Writing a claim's evidence archive (证据档案): a ZIP of the evaluation the claim
was submitted on, the trainee's roster line and eligibility proof, the attendance
and watch-time ledgers (培训台帐) and the certificate, written once to file storage.

Every file but the manifest is listed in ``manifest.json`` with its SHA-256, so a
copy taken away can be checked on its own. Spreadsheet files are UTF-8 CSV with a
byte-order mark, in the site's language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lms.identity import mask_id_number
from lms.spreadsheets import csv_bytes
from trainees.certificates.models import Certificate
from trainees.certificates.pdf import render_certificate
from trainees.evidence.attendance.models import Attendance, AttendanceMethod
from trainees.models import LessonProgress, PlaybackSession
from trainees.subsidies.models import Claim
from trainees.subsidies.retention import ClaimArchive, retention_years, years_after

MANIFEST = "manifest.json"


def _when(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def roster_csv(claim: Claim) -> bytes:
    """The trainee's line of the roster, once per status period held (the proof of
    their eligible group, and who recorded it)."""
    person = claim.person
    trainee = [
        person.real_name,
        mask_id_number(person.id_number),
        str(person.household_region or ""),
    ]
    rows = [
        [
            _("real name"),
            _("ID number"),
            _("household region"),
            _("group"),
            _("starts on"),
            _("ends on"),
            _("proof"),
            _("recorded by"),
            _("recorded at"),
        ]
    ]
    periods = person.status_periods.select_related("recorded_by").order_by(
        "starts_on", "pk"
    )
    for period in periods:
        rows.append(
            [
                *trainee,
                period.get_group_display(),
                _when(period.starts_on),
                _when(period.ends_on),
                period.proof,
                str(period.recorded_by or ""),
                _when(period.recorded_at),
            ]
        )
    if len(rows) == 1:
        rows.append([*trainee, "", "", "", "", "", ""])
    return csv_bytes(rows)


def attendance_csv(claim: Claim) -> bytes:
    """Every attendance record of the enrolment, as checked in and credited."""
    rows = [
        [
            _("session"),
            _("venue"),
            _("session starts at"),
            _("session ends at"),
            _("checked in at"),
            _("checked out at"),
            _("marked by hand"),
            _("reason for marking by hand"),
            _("marked by"),
            _("credited seconds"),
        ]
    ]
    records = Attendance.objects.filter(enrolment_id=claim.enrolment_id).select_related(
        "session", "recorded_by"
    )
    for record in records:
        session = record.session
        rows.append(
            [
                session.title,
                session.venue,
                _when(session.starts_at),
                _when(session.ends_at),
                _when(record.checked_in_at),
                _when(record.checked_out_at),
                _("yes") if record.method == AttendanceMethod.MANUAL else _("no"),
                record.manual_reason,
                str(record.recorded_by or ""),
                record.credited_seconds,
            ]
        )
    return csv_bytes(rows)


def watch_csv(claim: Claim) -> bytes:
    """The watch-time ledger: each lesson's verified progress, followed by the
    playback sessions that earned it."""
    rows = [
        [
            _("record"),
            _("lesson"),
            _("video length (seconds)"),
            _("verified seconds"),
            _("covered ranges"),
            _("completed at"),
            _("started at"),
            _("ended at"),
            _("why it ended"),
            _("newly covered seconds"),
        ]
    ]
    progress = LessonProgress.objects.filter(
        enrolment_id=claim.enrolment_id
    ).select_related("lesson")
    sessions: dict[int, list[PlaybackSession]] = {}
    for session in PlaybackSession.objects.filter(
        progress__enrolment_id=claim.enrolment_id
    ).order_by("started_at", "pk"):
        sessions.setdefault(session.progress_id, []).append(session)
    for lesson in progress.order_by("lesson__path"):
        title = lesson.lesson.title
        rows.append(
            [
                _("lesson"),
                title,
                lesson.duration,
                lesson.covered_seconds,
                json.dumps(lesson.intervals),
                _when(lesson.completed_at),
                "",
                "",
                "",
                "",
            ]
        )
        for session in sessions.get(lesson.pk, []):
            rows.append(
                [
                    _("playback"),
                    title,
                    "",
                    "",
                    "",
                    "",
                    _when(session.started_at),
                    _when(session.ended_at),
                    session.get_end_reason_display(),
                    session.credited_seconds,
                ]
            )
    return csv_bytes(rows)


def certificate_files(claim: Claim) -> dict[str, bytes]:
    """The certificate's PDF (its masked copy) if it has one, else what it says,
    as JSON; nothing for an enrolment without a certificate."""
    certificate = Certificate.objects.filter(enrolment_id=claim.enrolment_id).first()
    if certificate is None:
        return {}
    if certificate.pdf:
        # Kept five years and read by every reviewer: the copy with the ID
        # number masked, not the holder's.
        return {"certificate.pdf": render_certificate(certificate, masked=True)}
    facts = {
        "serial": certificate.serial,
        "kind": certificate.kind,
        "skill_level": certificate.skill_level,
        "occupation": certificate.occupation,
        "issued_on": _when(certificate.issued_on),
        "status": certificate.status,
    }
    return {"certificate.json": json.dumps(facts, ensure_ascii=False).encode()}


def manifest_json(claim: Claim, files: dict[str, bytes], now: dt.datetime) -> bytes:
    manifest = {
        "claim": claim.pk,
        "policy": {"id": claim.policy_id, "name": claim.policy.name},
        "scheme": claim.scheme,
        "state": claim.state,
        "course": {"id": claim.course_id, "title": claim.course.title},
        "institution": {"id": claim.institution_id, "name": claim.institution.name},
        "submitted_at": _when(claim.submitted_at),
        "evaluated_on": _when(claim.evaluated_on),
        "verdict": claim.verdict,
        "amount": None if claim.amount is None else str(claim.amount),
        "certificate_serial": claim.certificate_serial,
        "flags": claim.flags,
        "evaluation": claim.evaluation,
        "files": {name: _sha256(data) for name, data in files.items()},
        "generated_at": _when(now),
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2).encode()


def build_archive(claim: Claim, *, now: dt.datetime) -> bytes:
    """The ZIP of one claim's evidence, as it stands at ``now``."""
    with translation.override(settings.LANGUAGE_CODE):
        files = {
            "roster.csv": roster_csv(claim),
            "attendance.csv": attendance_csv(claim),
            "watch.csv": watch_csv(claim),
            **certificate_files(claim),
        }
    files = {MANIFEST: manifest_json(claim, files, now), **files}
    stamp = timezone.localtime(now).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(entry, data)
    return buffer.getvalue()


def archive_claim(*, claim_id: int, now: dt.datetime | None = None) -> ClaimArchive:
    """Write the evidence archive of a claim, once: a second run, or one racing
    this one, returns the archive already kept and leaves storage as it was."""
    existing = ClaimArchive.objects.filter(claim_id=claim_id).first()
    if existing is not None:
        return existing
    claim = Claim.objects.select_related(
        "person__household_region", "policy", "course", "institution"
    ).get(pk=claim_id)
    now = now or timezone.now()
    content = build_archive(claim, now=now)
    archive = ClaimArchive(
        claim=claim,
        sha256=_sha256(content),
        size=len(content),
        created_at=now,
        retain_until=years_after(timezone.localdate(now), retention_years()),
    )
    # The file first, then the row that names it: a row never points at nothing.
    archive.file.save("evidence.zip", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            archive.save()
    except IntegrityError:
        archive.file.storage.delete(archive.file.name)
        return ClaimArchive.objects.get(claim_id=claim_id)
    return archive


def archive_missing_claims(*, limit: int = 200) -> int:
    """Archive claims that have none yet (made before archives were, or whose task
    was lost), oldest first and at most ``limit``; return how many."""
    missing = (
        Claim.objects.filter(archive__isnull=True)
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    claim_ids = list(missing)
    for claim_id in claim_ids:
        archive_claim(claim_id=claim_id)
    return len(claim_ids)
