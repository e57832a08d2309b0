"""Writes of the learning records: a statement into the outbox, in the transaction
of the evidence it describes, and the outbox sent to the LRS in batches."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import LessonPage
from trainees.evidence.practical.models import SubmissionStatus
from trainees.models import Enrolment
from xapi import lrs, rules, statements
from xapi.models import Learner, Statement

logger = logging.getLogger(__name__)

# Statements written within this many seconds share one send task.
SEND_DELAY_SECONDS = 2
_SEND_SCHEDULED = "xapi:send-scheduled"


def learner_account(user_id: int):
    """The user's opaque account name, created the first time it is needed."""
    learner, _created = Learner.objects.get_or_create(user_id=user_id)
    return learner.account_name


@transaction.atomic
def record_statement(*, user_id: int, source: str, body: dict) -> Statement | None:
    """Put a statement about ``user_id`` into the outbox under a fresh id, once per
    ``source`` (the evidence and event it describes); None when it is already there.

    Side effect: on commit, a send task is queued (``xapi.tasks``), at most one
    every ``SEND_DELAY_SECONDS``."""
    if Statement.objects.filter(source=source).exists():
        return None
    statement_id = uuid.uuid4()
    body = {
        "id": str(statement_id),
        "actor": statements.actor(learner_account(user_id)),
        **body,
    }
    try:
        with transaction.atomic():
            row = Statement.objects.create(
                id=statement_id, source=source, verb=_verb_name(body), body=body
            )
    except IntegrityError:  # written at the same moment by a concurrent request
        return None
    transaction.on_commit(_schedule_sending)
    return row


def _verb_name(body: dict) -> str:
    return body["verb"]["display"]["en-US"]


def _schedule_sending() -> None:
    from xapi.tasks import send_statements_task

    if cache.add(_SEND_SCHEDULED, True, timeout=SEND_DELAY_SECONDS):
        try:
            send_statements_task.apply_async(countdown=SEND_DELAY_SECONDS)
        except Exception:  # the beat resends: a broker hiccup must not fail a request
            logger.exception("Could not queue the xAPI send task; beat will send")


@transaction.atomic
def record_playback_events(*, state, change, events) -> list[Statement]:
    """The Video Profile statements of one heartbeat's playback events."""
    user_id, course_id, course_title = (
        Enrolment.objects.filter(pk=state.enrolment_id)
        .values_list("user_id", "course_id", "course__title")
        .get()
    )
    lesson_title = (
        LessonPage.objects.filter(pk=state.lesson_id)
        .values_list("title", flat=True)
        .first()
    )
    course = statements.course_activity(course_id, course_title)
    written = []
    for event in events:
        body = statements.video_event(
            str(event),
            session_id=state.session_id,
            lesson_id=state.lesson_id,
            lesson_title=lesson_title or "",
            course=course,
            duration=state.duration,
            required_share=state.required_share,
            position_before=state.last_position,
            position=min(change.position, state.duration),
            intervals=change.intervals,
            covered_seconds=change.covered_seconds,
            at=change.at,
        )
        row = record_statement(
            user_id=user_id,
            source=f"playback:{state.session_id}:{change.sequence}:{event}",
            body=body,
        )
        if row is not None:
            written.append(row)
    return written


def _course(course_id: int) -> dict:
    from courses.models import CoursePage

    title = CoursePage.objects.filter(pk=course_id).values_list("title", flat=True)
    return statements.course_activity(course_id, title.first() or "")


def _stamp(moment: dt.datetime | None) -> str:
    return f"{moment.timestamp():.6f}" if moment else "-"


def record_attendance(*, attendance) -> Statement | None:
    """An attendance record as it now stands: one statement per check-in and
    check-out times (a correction by hand is a new statement)."""
    session = attendance.session
    return record_statement(
        user_id=attendance.user_id,
        source=(
            f"attendance:{attendance.pk}:{_stamp(attendance.checked_in_at)}:"
            f"{_stamp(attendance.checked_out_at)}"
        ),
        body=statements.attended(
            session_id=session.pk,
            session_title=session.title or str(session),
            course=_course(session.course_id),
            checked_in_at=attendance.checked_in_at,
            checked_out_at=attendance.checked_out_at,
            credited_seconds=attendance.credited_seconds,
        ),
    )


@transaction.atomic
def record_quiz_attempt(*, attempt) -> list[Statement]:
    """A closed attempt: each question answered, then passed or failed."""
    quiz = attempt.quiz
    course = _course(quiz.course_id)
    written = []
    items = attempt.items.select_related("question").order_by("position")
    for item in items:
        written.append(
            record_statement(
                user_id=attempt.user_id,
                source=f"quiz-attempt:{attempt.pk}:question:{item.question_id}",
                body=statements.question_answered(
                    quiz_id=quiz.pk,
                    quiz_title=quiz.title,
                    question_id=item.question_id,
                    question_text=item.question.text,
                    course=course,
                    correct=bool(item.is_correct),
                    at=item.answered_at or attempt.closed_at,
                ),
            )
        )
    written.append(
        record_statement(
            user_id=attempt.user_id,
            source=f"quiz-attempt:{attempt.pk}",
            body=statements.quiz_result(
                quiz_id=quiz.pk,
                quiz_title=quiz.title,
                course=course,
                passed=bool(attempt.passed),
                score_percent=attempt.score_percent,
                closed_at=attempt.closed_at,
            ),
        )
    )
    return [row for row in written if row is not None]


def record_practical_grade(*, submission) -> Statement | None:
    """A graded hand-in: one statement per grading."""
    lesson = LessonPage.objects.filter(pk=submission.lesson_id).values("title").get()
    enrolment = Enrolment.objects.values("user_id", "course_id").get(
        pk=submission.enrolment_id
    )
    return record_statement(
        user_id=enrolment["user_id"],
        source=f"practical:{submission.pk}:{_stamp(submission.graded_at)}",
        body=statements.practical_graded(
            lesson_id=submission.lesson_id,
            lesson_title=lesson["title"],
            course=_course(enrolment["course_id"]),
            passed=submission.status == SubmissionStatus.PASSED,
            score=submission.score,
            graded_at=submission.graded_at,
        ),
    )


def record_certificate(*, certificate) -> Statement | None:
    """A certificate issued for a completed enrolment."""
    user_id = Enrolment.objects.values_list("user_id", flat=True).get(
        pk=certificate.enrolment_id
    )
    return record_statement(
        user_id=user_id,
        source=f"certificate:{certificate.pk}",
        body=statements.certificate_earned(
            serial=certificate.serial,
            title=certificate.course_title,
            course=_course(certificate.course_id) if certificate.course_id else None,
            issued_at=certificate.created_at or timezone.now(),
        ),
    )


@dataclass(frozen=True)
class Sending:
    """What one run of the sender did."""

    sent: int = 0
    failed: int = 0
    error: str = ""


def send_due_statements(
    *, now: dt.datetime | None = None, batch_size: int | None = None
) -> Sending:
    """Send the statements whose time has come, oldest first, a batch at a time,
    until none is left or a batch fails. A failed batch waits ``rules.backoff``
    of its failures before its next try; the rest of the outbox is untouched."""
    from django.conf import settings

    if not lrs.is_configured():
        return Sending()
    batch_size = batch_size or settings.XAPI_BATCH_SIZE
    sent = 0
    while True:
        outcome = _send_one_batch(now or timezone.now(), batch_size)
        sent += outcome.sent
        if outcome.failed or outcome.sent < batch_size:
            return Sending(sent=sent, failed=outcome.failed, error=outcome.error)


@transaction.atomic
def _send_one_batch(now: dt.datetime, batch_size: int) -> Sending:
    # Locked while sending, skipped by a concurrent sender: each batch goes once.
    batch = list(
        Statement.objects.due(now)
        .select_for_update(skip_locked=True)
        .order_by("created_at", "id")[:batch_size]
    )
    if not batch:
        return Sending()
    try:
        try:
            lrs.post_statements([row.body for row in batch])
        except lrs.Conflict:
            # One of them is already stored (sent before, its answer lost): the
            # LRS refused the whole batch, so each goes on its own.
            for row in batch:
                lrs.put_statement(row.body)
    except lrs.LrsError as error:
        for row in batch:
            row.attempts += 1
            row.last_attempt_at = now
            row.last_error = str(error)[:2000]
            row.next_attempt_at = now + rules.backoff(row.attempts)
        Statement.objects.bulk_update(
            batch, ["attempts", "last_attempt_at", "last_error", "next_attempt_at"]
        )
        logger.warning("xAPI: %d statements not sent: %s", len(batch), error)
        return Sending(failed=len(batch), error=str(error))
    Statement.objects.filter(pk__in=[row.pk for row in batch]).update(
        sent_at=timezone.now(), last_attempt_at=now, last_error=""
    )
    return Sending(sent=len(batch))
