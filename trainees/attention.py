"""Attention checks (防挂机): at moments of the video the server draws, the player
pauses and asks the trainee to tap within a short time.

The server keeps the next moment (a position in the video) on the playback session
and tells the player only when a heartbeat reaches it; it is drawn with the
operating system's randomness, between ``ATTENTION_CHECK_GAP_SECONDS`` of video
after the previous one, never at the place of the previous one. From the moment a
check is asked until it is answered, nothing is credited (late answers too are
answered, and recorded as late). Where the course asks for it, the answer carries a
face capture for ``trainees.identity``. Each check, its time and its answer are
evidence on a subsidy claim.
"""

from __future__ import annotations

import io
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from wagtail.log_actions import log

from courses.models import LessonPage
from trainees import identity
from trainees.heartbeat_store import State
from trainees.models import (
    AttentionCheck,
    AttentionOutcome,
    IdentityStatus,
    LessonProgress,
    PlaybackSession,
)

_random = secrets.SystemRandom()
# Two checks closer than this share of the shortest gap are at "the same place".
SAME_PLACE_SHARE = 0.5
CAPTURE_TYPES = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}
MAX_CAPTURE_BYTES = 2 * 1024 * 1024


def draw(*, after: float, duration: float, previous: float | None) -> float | None:
    """A position for the next check: a random gap after ``after``, not at the place
    of the ``previous`` check, before the last second; None when none fits."""
    low, high = settings.ATTENTION_CHECK_GAP_SECONDS
    end = duration - 1
    if after + low >= end:
        return None
    for _attempt in range(8):
        at = _random.uniform(after + low, min(after + high, end))
        if previous is None or abs(at - previous) >= low * SAME_PLACE_SHARE:
            return at
    return None


def session_fields(*, lesson: LessonPage, progress: LessonProgress, position) -> dict:
    """The attention fields of a new playback session: an unanswered check of the
    trainee's still blocks credit; otherwise the first check is drawn."""
    if not lesson.course.attention_checks:
        return {}
    if AttentionCheck.objects.filter(
        enrolment__user_id=progress.enrolment.user_id, outcome=AttentionOutcome.ASKED
    ).exists():
        return {"check_pending": True}
    previous = (
        AttentionCheck.objects.filter(enrolment=progress.enrolment, lesson=lesson)
        .order_by("-asked_at")
        .values_list("position", flat=True)
        .first()
    )
    at = draw(after=position, duration=progress.duration, previous=previous)
    return {"next_check_at": at}


def credit_up_to(state: State) -> float | None:
    """How far in the video a heartbeat may be credited: not past the next check,
    and nothing at all while one is unanswered."""
    if state.check_pending:
        return None
    if state.next_check_at is not None:
        return state.next_check_at
    return state.duration


def is_due(state: State, beat) -> bool:
    """The heartbeat reached the position of the next check."""
    return (
        not state.check_pending
        and state.next_check_at is not None
        and beat.position >= state.next_check_at
    )


def open_check(state: State, *, at) -> AttentionCheck:
    """Ask the check that ``state``'s session reached, inside the transaction that
    stores the heartbeat which reached it."""
    course = LessonPage.objects.get(pk=state.lesson_id).course
    check = AttentionCheck.objects.create(
        enrolment_id=state.enrolment_id,
        session_id=state.session_id,
        lesson_id=state.lesson_id,
        position=state.next_check_at,
        asked_at=at,
        due_at=at + timedelta(seconds=settings.ATTENTION_ANSWER_SECONDS),
        identity_status=(
            IdentityStatus.PENDING
            if course.identity_checks
            else IdentityStatus.NOT_ASKED
        ),
    )
    PlaybackSession.objects.filter(pk=state.session_id).update(
        check_pending=True, next_check_at=None
    )
    return check


def pending(state: State | None) -> dict | None:
    """What the player needs to ask the trainee's unanswered check, if any."""
    if state is None or not state.check_pending:
        return None
    check = (
        AttentionCheck.objects.filter(
            enrolment__user_id=state.user_id, outcome=AttentionOutcome.ASKED
        )
        .order_by("-asked_at")
        .first()
    )
    return describe(check) if check else None


def describe(check: AttentionCheck) -> dict:
    left = (check.due_at - timezone.now()).total_seconds()
    return {
        "id": check.pk,
        "answer_url": reverse("trainees:answer-check", args=[check.pk]),
        "seconds_left": max(0, round(left)),
        "identity": check.identity_status != IdentityStatus.NOT_ASKED,
    }


def evidence(enrolment) -> list[AttentionCheck]:
    """The enrolment's attention checks, in the order they were asked."""
    return list(
        AttentionCheck.objects.filter(enrolment=enrolment)
        .select_related("lesson", "reviewed_by")
        .order_by("asked_at")
    )


def capture_type(name: str) -> str:
    """The content type of a stored capture, from its extension."""
    types = dict(CAPTURE_TYPES.values())
    return types.get(name.rsplit(".", 1)[-1], "application/octet-stream")


def _read_capture(capture: UploadedFile) -> tuple[bytes, str, str]:
    if capture.size > MAX_CAPTURE_BYTES:
        raise ValidationError(_("The photo is too large."))
    data = capture.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(_("The photo is not a JPEG or PNG image.")) from error
    if kind not in CAPTURE_TYPES:
        raise ValidationError(_("The photo is not a JPEG or PNG image."))
    extension, content_type = CAPTURE_TYPES[kind]
    return data, extension, content_type


@transaction.atomic
def answer_check(
    *, user, check_id: int, capture: UploadedFile | None = None, now=None
) -> AttentionCheck:
    """Record the trainee's tap (and face capture) on their check; crediting
    resumes, and the next check is drawn past this one's place."""
    now = now or timezone.now()
    check = (
        AttentionCheck.objects.select_for_update()
        .select_related("enrolment__course", "session__progress")
        .filter(pk=check_id, enrolment__user=user)
        .first()
    )
    if check is None:
        raise PermissionDenied(_("This attention check is not yours."))
    if check.outcome != AttentionOutcome.ASKED:
        raise ValidationError(_("This attention check has already been answered."))
    if check.identity_status == IdentityStatus.PENDING:
        if capture is None:
            raise ValidationError(_("Take a photo with the camera to answer."))
        data, extension, content_type = _read_capture(capture)
        checker = identity.verifier()
        verdict = checker.verify(user=user, capture=data, content_type=content_type)
        name = f"check-{check.pk}.{extension}"
        check.capture.save(name, ContentFile(data), save=False)
        check.verified_by = checker.name
        if verdict == identity.Verdict.MATCH:
            check.identity_status = IdentityStatus.MATCHING
        elif verdict == identity.Verdict.NO_MATCH:
            check.identity_status = IdentityStatus.NOT_MATCHING
    check.answered_at = now
    check.outcome = (
        AttentionOutcome.ANSWERED if now <= check.due_at else AttentionOutcome.LATE
    )
    check.save()
    PlaybackSession.objects.filter(user=user, check_pending=True).update(
        check_pending=False
    )
    active = (
        PlaybackSession.objects.select_related("progress")
        .filter(user=user, ended_at__isnull=True, progress__lesson_id=check.lesson_id)
        .first()
    )
    if active is not None:
        active.next_check_at = draw(
            after=max(active.last_position, check.position),
            duration=active.progress.duration,
            previous=check.position,
        )
        active.save(update_fields=["next_check_at"])
    log(instance=check, action="trainees.answer_check", user=user)
    return check


@transaction.atomic
def review_capture(*, check: AttentionCheck, matching: bool, by) -> AttentionCheck:
    """An officer's or the institution's verdict on a face capture in the queue."""
    if check.identity_status != IdentityStatus.PENDING or not check.capture:
        raise ValidationError(_("This capture is not waiting for review."))
    check.identity_status = (
        IdentityStatus.MATCHING if matching else IdentityStatus.NOT_MATCHING
    )
    check.reviewed_by = by
    check.reviewed_at = timezone.now()
    check.save(update_fields=["identity_status", "reviewed_by", "reviewed_at"])
    log(instance=check, action="trainees.review_capture", user=by)
    return check
