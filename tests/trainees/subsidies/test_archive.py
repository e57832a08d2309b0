"""The evidence archive (证据档案) of a claim: what the ZIP holds, written once after
submission, kept for five years, and downloaded only by the claim's region's HR."""

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from courses.models import CourseSession
from lms.models import StatusGroup
from lms.roles import Role
from lms.skills import CertificateKind, SkillLevel
from tests import factories
from tests.trainees.subsidies import factories as subsidy
from trainees.certificates.models import Certificate
from trainees.certificates.services import store_certificate_pdf
from trainees.evidence.attendance.models import Attendance
from trainees.models import LessonProgress, PlaybackSession
from trainees.subsidies import services
from trainees.subsidies.models import Claim, ClaimArchive
from trainees.subsidies.services import archive_claim, archive_missing_claims

pytestmark = pytest.mark.django_db
JINJIANG, QINGYANG = "510104", "510105"
MADE = timezone.make_aware(dt.datetime(2026, 6, 2, 9, 30))


@pytest.fixture(autouse=True)
def _archives_in_english(settings):
    """Archives are written in the site's language; these tests read English."""
    settings.LANGUAGE_CODE = "en"


def evidence(enrolment) -> None:
    """A status period recorded by an officer, an attendance scanned and one marked
    by hand, and a watched lesson with its playback session."""
    officer = factories.officer(JINJIANG, Role.HR_OFFICER, email="hr@example.cn")
    period = enrolment.user.person.status_periods.get()
    period.proof = "村委会证明"
    period.recorded_by = officer
    period.save()
    course = enrolment.course
    for n, method in enumerate(["qr", "manual"]):
        starts = MADE - dt.timedelta(days=40 - n)
        session = CourseSession.objects.create(
            course=course,
            title=f"第{n + 1}次课",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            venue="锦江工坊",
        )
        Attendance.objects.create(
            session=session,
            enrolment=enrolment,
            user=enrolment.user,
            checked_in_at=starts,
            checked_out_at=starts + dt.timedelta(hours=2),
            method=method,
            manual_reason="手机没电" if method == "manual" else "",
            recorded_by=officer if method == "manual" else None,
            credited_seconds=7200,
        )
    lesson = factories.lesson(course, title="针法视频")
    progress = LessonProgress.objects.create(
        enrolment=enrolment,
        lesson=lesson,
        intervals=[[0, 300.0]],
        covered_seconds=300.0,
        duration=320.0,
        completed_at=MADE - dt.timedelta(days=35),
    )
    PlaybackSession.objects.create(
        key="s1",
        user=enrolment.user,
        progress=progress,
        last_seen_at=MADE - dt.timedelta(days=35),
        ended_at=MADE - dt.timedelta(days=35),
        end_reason=PlaybackSession.EndReason.LOGGED_OUT,
        credited_seconds=300.0,
    )


def submit(county: str = JINJIANG, name: str = "锦江学员", *, with_evidence=False):
    school = factories.institution(county)
    course = subsidy.course(school)
    enrolment = subsidy.trained(course, person=factories.person(name, region=county))
    person = enrolment.user.person
    person.household_region_id = county
    person.save()
    if with_evidence:
        evidence(enrolment)
    return services.submit_cohort_claims(
        course=course,
        policy=subsidy.policy(county),
        submitted_by=factories.institution_staff(school),
        on=subsidy.TODAY,
    ).claims[0]


@pytest.fixture
def claim():
    return submit(with_evidence=True)


def unzip(archive: ClaimArchive) -> dict[str, bytes]:
    with default_storage.open(archive.file.name, "rb") as handle:
        bundle = zipfile.ZipFile(io.BytesIO(handle.read()))
    return {name: bundle.read(name) for name in bundle.namelist()}


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_archive_holds_the_claims_evidence(claim):
    files = unzip(archive_claim(claim_id=claim.pk, now=MADE))
    assert set(files) == {
        "manifest.json",
        "roster.csv",
        "attendance.csv",
        "watch.csv",
        "certificate.json",
    }
    person = claim.person
    [_header, trainee] = rows(files["roster.csv"])
    assert trainee[:3] == [
        "锦江学员",
        person.id_number_masked,
        str(person.household_region),
    ]
    assert person.id_number not in files["roster.csv"].decode("utf-8-sig")
    assert trainee[3] == StatusGroup.RURAL_LABOURER.label
    assert trainee[6:8] == ["村委会证明", "hr@example.cn"]
    [_header, scanned, by_hand] = rows(files["attendance.csv"])
    assert scanned[0] == "第1次课" and scanned[6] == "no" and scanned[9] == "7200"
    assert by_hand[6:9] == ["yes", "手机没电", "hr@example.cn"]
    [_header, lesson, playback] = rows(files["watch.csv"])
    assert lesson[:5] == ["lesson", "针法视频", "320.0", "300.0", "[[0, 300.0]]"]
    assert playback[0] == "playback" and playback[8] == "Logged out"
    assert playback[9] == "300.0"
    certificate = json.loads(files["certificate.json"])
    assert certificate["serial"] == claim.certificate_serial
    assert certificate["kind"] == CertificateKind.SKILL_LEVEL
    assert certificate["skill_level"] == SkillLevel.LEVEL_5


def test_the_manifest_holds_the_evaluation_and_every_files_digest(claim):
    archive = archive_claim(claim_id=claim.pk, now=MADE)
    files = unzip(archive)
    manifest = json.loads(files.pop("manifest.json"))
    assert manifest["files"] == {
        name: hashlib.sha256(data).hexdigest() for name, data in files.items()
    }
    assert manifest["claim"] == claim.pk
    assert manifest["policy"]["id"] == claim.policy_id
    assert manifest["scheme"] == "training" and manifest["state"] == "submitted"
    assert manifest["evaluation"] == claim.evaluation
    assert manifest["generated_at"] == "2026-06-02T09:30:00+08:00"
    with default_storage.open(archive.file.name, "rb") as handle:
        stored = handle.read()
    assert archive.sha256 == hashlib.sha256(stored).hexdigest()
    assert archive.size == len(stored)


def test_a_certificate_with_a_pdf_is_archived_as_its_masked_copy(claim):
    certificate = Certificate.objects.get(enrolment=claim.enrolment)
    store_certificate_pdf(certificate_id=certificate.pk)
    files = unzip(archive_claim(claim_id=claim.pk, now=MADE))
    page = PdfReader(io.BytesIO(files["certificate.pdf"])).pages[0]
    text = "".join(page.extract_text().replace("\x00", "").split())
    assert certificate.serial in text
    assert claim.person.id_number_masked in text
    assert claim.person.id_number not in text
    assert "certificate.json" not in files


def test_an_archive_is_stored_under_its_year_and_kept_five_years(claim):
    archive = archive_claim(claim_id=claim.pk, now=MADE)
    folder, name = archive.file.name.rsplit("/", 1)
    assert folder == "evidence/2026"
    assert name.startswith(f"{claim.pk}-") and name.endswith(".zip")
    assert archive.retain_until == dt.date(2031, 6, 2)


def test_archiving_twice_writes_once(claim):
    first = archive_claim(claim_id=claim.pk, now=MADE)
    second = archive_claim(claim_id=claim.pk)
    assert second.pk == first.pk and second.created_at == MADE
    assert default_storage.listdir("evidence/2026")[1] == [
        first.file.name.rsplit("/")[-1]
    ]


def test_a_run_that_loses_a_race_keeps_the_winners_archive_alone(claim, monkeypatch):
    from trainees.subsidies.services import archive as service

    build, winner = service.build_archive, []

    def build_while_another_worker_finishes(claim, *, now):
        monkeypatch.setattr(service, "build_archive", build)
        winner.append(archive_claim(claim_id=claim.pk, now=now))
        return build(claim, now=now)

    monkeypatch.setattr(service, "build_archive", build_while_another_worker_finishes)
    kept = archive_claim(claim_id=claim.pk, now=MADE)
    assert kept.pk == winner[0].pk and ClaimArchive.objects.count() == 1
    assert default_storage.listdir("evidence/2026")[1] == [
        kept.file.name.rsplit("/")[-1]
    ]


def test_an_archive_cannot_be_deleted_before_its_date(claim):
    archive = archive_claim(claim_id=claim.pk)
    with pytest.raises(ValidationError, match="kept until"):
        archive.delete()
    with pytest.raises(ValidationError, match="kept until"):
        ClaimArchive.objects.all().delete()
    assert ClaimArchive.objects.exists()
    assert default_storage.exists(archive.file.name)


def test_an_archive_past_its_date_is_deleted_with_its_file(
    claim, django_capture_on_commit_callbacks
):
    old = timezone.now() - dt.timedelta(days=6 * 366)
    archive = archive_claim(claim_id=claim.pk, now=old)
    assert archive.retain_until < timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        archive.delete()
    assert not ClaimArchive.objects.exists()
    assert not default_storage.exists(archive.file.name)


def test_a_claim_cannot_be_deleted_while_its_evidence_is_kept(claim):
    with pytest.raises(ValidationError, match="cannot be deleted"):
        claim.delete()
    archive_claim(claim_id=claim.pk)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        Claim.objects.filter(pk=claim.pk).delete()
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_a_claim_is_kept_five_years_after_submission_and_its_archive_date(claim):
    Claim.objects.filter(pk=claim.pk).update(
        submitted_at=timezone.make_aware(dt.datetime(2020, 3, 2, 12))
    )
    retained = Claim.objects.filter(pk=claim.pk).retained
    assert retained(dt.date(2025, 3, 1)).exists()
    assert not retained(dt.date(2025, 3, 2)).exists()
    archive_claim(claim_id=claim.pk, now=timezone.make_aware(dt.datetime(2021, 1, 4)))
    assert retained(dt.date(2026, 1, 3)).exists()
    assert not retained(dt.date(2026, 1, 4)).exists()


def test_submitting_a_claim_queues_its_archive_once_committed(
    archive_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        claim = submit()
    assert archive_tasks == []
    for callback in callbacks:
        callback()
    assert archive_tasks == [claim.pk]


def test_the_queued_task_writes_the_archive(
    run_archive_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = submit()
    assert ClaimArchive.objects.get().claim == claim


def test_the_daily_sweep_archives_the_claims_without_one(claim):
    archive_claim(claim_id=submit(QINGYANG, "青羊学员").pk)
    assert archive_missing_claims() == 1
    assert ClaimArchive.objects.filter(claim=claim).exists()
    assert archive_missing_claims() == 0


def test_the_daily_sweep_is_scheduled():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "trainees.subsidies.tasks.archive_missing_claims_task" in tasks


def evidence_url(claim) -> str:
    return reverse("subsidy-claims:evidence", args=[claim.pk])


def test_the_regions_officer_downloads_the_archive(client, claim):
    archive = archive_claim(claim_id=claim.pk)
    client.force_login(factories.officer(JINJIANG, Role.HR_OFFICER))
    response = client.get(evidence_url(claim))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert (
        f'filename="claim-{claim.pk}-evidence.zip"' in response["Content-Disposition"]
    )
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == archive.sha256


def test_another_regions_officer_finds_no_archive(client, claim):
    archive_claim(claim_id=claim.pk)
    client.force_login(factories.officer(QINGYANG, Role.HR_OFFICER))
    assert client.get(evidence_url(claim)).status_code == 404


def test_trainees_and_institutions_cannot_download_archives(client, claim):
    archive_claim(claim_id=claim.pk)
    for user in (claim.enrolment.user, factories.institution_staff(claim.institution)):
        client.force_login(user)
        response = client.get(evidence_url(claim))
        assert response.status_code in (302, 403)
        assert not hasattr(response, "streaming_content")


def test_the_review_page_offers_the_archive_once_it_is_made(client, claim):
    client.force_login(factories.officer(JINJIANG, Role.HR_OFFICER))
    page = reverse("subsidy-claims:edit", args=[claim.pk])
    assert "being prepared" in client.get(page).text
    archive = archive_claim(claim_id=claim.pk)
    text = client.get(page).text
    assert evidence_url(claim) in text and archive.sha256 in text
