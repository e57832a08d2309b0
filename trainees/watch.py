"""Verified watch time (观看时长核验): playback sessions and heartbeats.

A trainee starts a playback session for a video lesson (ending any other they had,
on any device); the player then reports heartbeats naming that session. Each
heartbeat is credited by ``trainees.intervals`` under a row lock, so duplicates,
replays and heartbeats that arrive out of order change nothing. A heartbeat belongs
to a login: only the trainee who opened the session may send it (with the session
cookie and its CSRF token). Coverage (how much of the video was seen) and time spent
(学时, never faster than the wall clock) are counted apart; attention checks
(``trainees.attention``) and the last interval of a tab taken over
(``trainees.takeover``) are decided here too.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import LessonKind, LessonPage
from lms import parsing
from trainees import attention, delivery, heartbeat_store, intervals, takeover
from trainees.models import Enrolment, EnrolmentStatus, LessonProgress, PlaybackSession
from trainees.signals import announce_evidence_changed, playback_changed

# A position may run this far past the stored duration (rounding of the last frame).
DURATION_SLACK_SECONDS = 1.0
# Rates no real player offers; heartbeats claiming them are refused as malformed.
ABSURD_RATE = 16.0
# A heartbeat is a small flat object; anything bigger is refused unread.
MAX_HEARTBEAT_BYTES = 4096
# Ten days of video: no lesson is longer, and a float column keeps it exactly.
MAX_POSITION_SECONDS = 864_000.0
SEQUENCE = PlaybackSession._meta.get_field("last_sequence")
# A player numbers its heartbeats one by one; a jump beyond this (a day of them at
# any interval) is a forged number, refused before it can make the later ones stale.
MAX_SEQUENCE_JUMP = 20_000
# A heartbeat queued while the network was down says how long ago it was recorded;
# no longer than this (and never earlier than the heartbeat before it).
MAX_AGE_MS = 600_000
# A rate this close above the course's fastest is the player's rounding.
RATE_SLACK = 0.001
# A position this far off what the time since the last heartbeat explains is a seek.
SEEK_SLACK_SECONDS = 1.0


class PlaybackEvent(StrEnum):
    """What a heartbeat shows the trainee did since the previous one, as the server
    saw it: these, and only these, are what learning records say about a video."""

    SEEKED = "seeked"
    PLAYED = "played"
    PAUSED = "paused"
    COMPLETED = "completed"


class PlaybackEnded(Exception):
    """The heartbeat names a playback session that has ended; the player must stop."""


@dataclass(frozen=True)
class Heartbeat:
    """What the player reports; ``parse_heartbeat`` builds it from untrusted input."""

    key: str
    sequence: int
    position: float
    playing: bool
    rate: float
    state: str = ""  # the token of the previous answer, if the player has one
    age: float = 0.0  # seconds since the player recorded it (queued while offline)


@dataclass(frozen=True)
class Progress:
    """What the player is told back."""

    covered_seconds: float
    share: float
    completed: bool
    course_verified_seconds: int
    state: str  # signed; the player sends it back with its next heartbeat
    ignored: bool = False
    check: dict | None = field(default=None)  # an attention check awaiting a tap


def parse_heartbeat(data: object) -> Heartbeat:
    """A ``Heartbeat`` from decoded JSON, or ValidationError naming what is wrong."""
    if not isinstance(data, dict):
        raise ValidationError(_("A heartbeat is a JSON object."))
    errors = {}
    key = data.get("session")
    if not isinstance(key, str) or not key:
        errors["session"] = _("The playback session is missing.")
    try:
        sequence = parsing.parse_int(
            data.get("seq"),
            label=_("The sequence number"),
            minimum=0,
            field=SEQUENCE,
            allow_text=False,
        )
    except parsing.BadInput as error:
        errors["seq"] = error.text
    try:
        position = parsing.parse_float(
            data.get("position"),
            label=_("The position"),
            minimum=0,
            maximum=MAX_POSITION_SECONDS,
            allow_text=False,
        )
    except parsing.BadInput as error:
        errors["position"] = error.text
    playing = data.get("playing")
    if not isinstance(playing, bool):
        errors["playing"] = _("“playing” must be true or false.")
    try:
        rate = parsing.parse_float(
            data.get("rate"),
            label=_("The rate"),
            minimum=0,
            maximum=ABSURD_RATE,
            allow_text=False,
        )
    except parsing.BadInput:
        rate = 0
    if not rate:
        errors["rate"] = _("The playback rate must be above 0 and at most %(max)s.") % {
            "max": int(ABSURD_RATE)
        }
    state = data.get("state", "")
    if not isinstance(state, str):
        errors["state"] = _("The state must be the text the server sent.")
    try:
        age = parsing.parse_int(
            data.get("age", 0),
            label=_("The age of a queued heartbeat (ms)"),
            minimum=0,
            maximum=MAX_AGE_MS,
            allow_text=False,
        )
    except parsing.BadInput as error:
        errors["age"] = error.text
    if errors:
        raise ValidationError(errors)
    return Heartbeat(key, sequence, position, playing, rate, state, age / 1000)


def _enrolment_for(user, lesson: LessonPage) -> Enrolment:
    enrolment = Enrolment.objects.filter(
        user=user, course=lesson.course, status=EnrolmentStatus.ENROLLED
    ).first()
    if enrolment is None:
        raise PermissionDenied(_("You are not enrolled on this course."))
    return enrolment


@dataclass(frozen=True)
class Start:
    """Where the player is when it asks for a session: if it already plays, the
    seconds it plays until the session opens are credited from there."""

    position: float | None = None
    playing: bool = False
    rate: float = 1.0


def parse_start(data: object) -> Start:
    """A ``Start`` from the decoded JSON body of the request that opens a session
    (``position``, ``playing``, ``rate``, checked as a heartbeat's); none: {}."""
    if data is None or data == {}:
        return Start()
    if not isinstance(data, dict):
        raise ValidationError(_("A heartbeat is a JSON object."))
    beat = parse_heartbeat({**data, "session": "-", "seq": 0, "state": ""})
    return Start(beat.position, beat.playing, beat.rate)


def start_playback(
    *, user, lesson: LessonPage, start: Start | None = None
) -> PlaybackSession:
    """Open a playback session for ``lesson``, ending the trainee's other ones."""
    if lesson.kind != LessonKind.VIDEO or lesson.video is None:
        raise ValidationError(_("This lesson has no video."))
    if not lesson.video.is_ready or not lesson.video.duration:
        raise ValidationError(_("The video is being prepared. Please come back later."))
    enrolment = _enrolment_for(user, lesson)
    for attempt in range(2):
        try:
            return _open_session(user, enrolment, lesson, start or Start())
        except IntegrityError:
            # Another device started at the same instant; end it and try again.
            if attempt:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _open_session(
    user, enrolment: Enrolment, lesson: LessonPage, start: Start
) -> PlaybackSession:
    now = timezone.now()
    PlaybackSession.objects.filter(user=user, ended_at__isnull=True).update(
        ended_at=now, end_reason=PlaybackSession.EndReason.SUPERSEDED
    )
    progress, _created = LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson=lesson
    )
    progress.duration = lesson.video.duration
    progress.required_share = lesson.course.completion_share
    progress.save(update_fields=["duration", "required_share", "updated_at"])
    max_rate = lesson.course.fastest_rate
    position = progress.last_position
    if start.position is not None:
        position = min(start.position, progress.duration)
    playing = start.playing and start.rate <= max_rate + RATE_SLACK
    return PlaybackSession.objects.create(
        key=secrets.token_urlsafe(32),
        user=user,
        progress=progress,
        last_position=position,
        last_playing=playing,
        last_rate=min(start.rate, max_rate),
        last_seen_at=now,
        delivery_verified=lesson.video.is_encrypted,
        max_rate=max_rate,
        **attention.session_fields(lesson=lesson, progress=progress, position=position),
    )


def end_playback_for(user, *, reason: str) -> int:
    """End the trainee's active playback sessions (e.g. when they log out)."""
    return PlaybackSession.objects.filter(user=user, ended_at__isnull=True).update(
        ended_at=timezone.now(), end_reason=reason
    )


def record_heartbeat(
    *,
    user=None,
    user_id: int | None = None,
    lesson_id: int,
    beat: Heartbeat,
    now=None,
) -> Progress:
    """Credit ``beat`` to its playback session's lesson progress, at most once;
    only ``user`` (or the user whose id is ``user_id``: the heartbeat view reads it
    from the login session without loading the user), who opened the session, may
    send it.

    Side effect: when this beat completes the lesson, sends
    ``trainees.signals.evidence_changed`` on commit; the completion rule
    (``trainees.progress.completion``) then re-evaluates the enrolment and, the first
    time it is met, sets ``completed_at`` and issues the course's certificate.
    When the beat plays, pauses, seeks or completes the video, sends
    ``trainees.signals.playback_changed`` inside the transaction that stores it (the
    xAPI outbox writes its statements there)."""
    now = now or timezone.now()
    state = heartbeat_store.unsign(beat.state) if beat.state else None
    if state is not None and (
        state.lesson_id != lesson_id or not secrets.compare_digest(state.key, beat.key)
    ):
        state = None  # let the stored truth say what is wrong
    for _attempt in range(3):
        if state is None:
            state = heartbeat_store.load(beat.key)
        _refuse_unless_acceptable(
            state, user_id if user_id is not None else user.pk, lesson_id, beat, now
        )
        if beat.sequence <= state.last_sequence:
            return _progress(state, ignored=True)
        at = _heard_at(state, beat, now)
        if state.ended_at is not None:
            _credit_last_interval(state, beat, at)  # and tell the player to stop
        check_due = attention.is_due(state, beat)
        change = _change(state, beat, at, credit_up_to=attention.credit_up_to(state))
        if _store(state, change, open_check=check_due):
            break
        # The session ended, or another heartbeat was recorded since: read again.
        state = None
    else:
        return _progress(heartbeat_store.load(beat.key), ignored=True)
    _announce_if_completed(state, change)
    if check_due:
        state.check_pending, state.next_check_at = True, None
    state.last_sequence = change.sequence
    state.last_position = change.anchor
    state.last_playing = change.playing
    state.last_rate = change.rate
    state.last_seen_at = change.at
    state.intervals = change.intervals
    state.covered_seconds = change.covered_seconds
    state.spent_seconds = change.spent_seconds
    state.clock_balance = change.clock_balance
    state.completed_at = change.completed_at
    state.verified_seconds += change.whole_spent
    return _progress(state, check=attention.pending(state))


def _credit_last_interval(state, beat: Heartbeat, at) -> None:
    """A tab taken over by another (``trainees.takeover``): credit what it played
    up to the moment it was, then raise ``PlaybackEnded``."""
    at = min(at, state.ended_at)
    change = _change(state, beat, at, credit_up_to=attention.credit_up_to(state))
    if takeover.credit_last_interval(state, change):
        announce_evidence_changed(Enrolment(pk=state.enrolment_id))
    raise PlaybackEnded(PlaybackSession.EndReason(state.end_reason).label)


def _announce_if_completed(state, change: heartbeat_store.Change) -> None:
    if state.completed_at is None and change.completed_at is not None:
        announce_evidence_changed(Enrolment(pk=state.enrolment_id))


def _heard_at(state, beat: Heartbeat, now):
    """When the player recorded ``beat``: now, or as long ago as a heartbeat queued
    offline says, but never before the previous heartbeat was heard, so that a
    queue replayed at once is credited no more than the wall clock since then."""
    if not beat.age:
        return now
    return max(state.last_seen_at, now - timedelta(seconds=beat.age))


def _store(state, change: heartbeat_store.Change, *, open_check: bool = False) -> bool:
    """Store ``change``; a heartbeat that is a playback event or reaches an
    attention check is stored in one transaction with the ``playback_changed``
    receivers and the check. The others, nearly all of them, stay one statement
    (the hot path)."""
    events = playback_events(state, change)
    listened = bool(events) and playback_changed.has_listeners()
    if not listened and not open_check:
        return heartbeat_store.store(state, change)
    with transaction.atomic():
        if not heartbeat_store.store(state, change):
            return False
        if open_check:
            attention.open_check(state, at=change.at)
        if listened:
            playback_changed.send(
                sender=PlaybackSession, state=state, change=change, events=events
            )
    return True


def playback_events(state, change: heartbeat_store.Change) -> list[PlaybackEvent]:
    """What the trainee did between the stored ``state`` and this ``change``: a seek
    (a position the time since the last heartbeat cannot explain), starting or
    stopping playback, and reaching the lesson's required share for the first time."""
    events = []
    elapsed = max(0.0, (change.at - state.last_seen_at).total_seconds())
    reach = state.last_position
    if state.last_playing:
        reach += elapsed * state.last_rate * (1 + intervals.TOLERANCE)
    if (
        change.position < state.last_position - SEEK_SLACK_SECONDS
        or change.position > reach + SEEK_SLACK_SECONDS
    ):
        events.append(PlaybackEvent.SEEKED)
    if change.playing and not state.last_playing:
        events.append(PlaybackEvent.PLAYED)
    elif state.last_playing and not change.playing:
        events.append(PlaybackEvent.PAUSED)
    if state.completed_at is None and change.completed_at is not None:
        events.append(PlaybackEvent.COMPLETED)
    return events


def _refuse_unless_acceptable(
    state, user_id: int, lesson_id: int, beat: Heartbeat, now
) -> None:
    if state is None or state.user_id != user_id:
        raise PermissionDenied(
            _("This playback session is unknown. Log in and open the lesson again.")
        )
    if state.lesson_id != lesson_id:
        raise ValidationError(_("This playback session belongs to another lesson."))
    if state.ended_at is not None and not takeover.may_credit_last_interval(state, now):
        raise PlaybackEnded(PlaybackSession.EndReason(state.end_reason).label)
    if state.enrolment_status != EnrolmentStatus.ENROLLED:
        raise PermissionDenied(_("You are not enrolled on this course."))
    if beat.position > state.duration + DURATION_SLACK_SECONDS:
        raise ValidationError(
            {"position": _("The position is beyond the end of the video.")}
        )
    if beat.sequence > state.last_sequence + MAX_SEQUENCE_JUMP:
        raise ValidationError(
            {
                "seq": _(
                    "The sequence number jumps by more than %(jump)s: heartbeats "
                    "are numbered one by one."
                )
                % {"jump": MAX_SEQUENCE_JUMP}
            }
        )
    if beat.rate > state.max_rate + RATE_SLACK:
        raise ValidationError(
            {
                "rate": _("This course allows playback at most at %(rate)s×.")
                % {"rate": f"{state.max_rate:g}"}
            }
        )


def _change(
    state, beat: Heartbeat, now, *, credit_up_to: float | None
) -> heartbeat_store.Change:
    """What ``beat`` adds to ``state``: the range it proves was played (up to
    ``credit_up_to``, None: nothing), merged; the time spent on what is new, at
    most the wall-clock time since the previous heartbeat; and where the next
    heartbeat's range starts (``intervals.next_anchor``)."""
    allowed = intervals.credited_range(
        intervals.Anchor(
            state.last_position,
            state.last_playing,
            state.last_rate,
            state.last_seen_at.timestamp(),
        ),
        position=min(beat.position, state.duration),
        now=now.timestamp(),
        duration=state.duration,
        max_rate=min(state.max_rate, settings.WATCH_MAX_CREDITED_RATE),
    )
    credited = None
    if allowed is not None and credit_up_to is not None:
        end = min(allowed[1], credit_up_to)
        credited = (allowed[0], end) if end > allowed[0] else None
    # Then only what the session's fetched keys delivered (encrypted videos).
    covered = delivery.credit(state, [tuple(i) for i in state.intervals], credited)
    covered_seconds = intervals.covered(covered)
    gained = covered_seconds - state.covered_seconds
    spent, balance = intervals.time_spent(
        gained,
        rate=state.last_rate,
        elapsed=max(0.0, (now - state.last_seen_at).total_seconds()),
        balance=state.clock_balance,
        playing=allowed is not None,
    )
    spent_seconds = state.spent_seconds + spent
    completed_at = state.completed_at
    if completed_at is None and state.duration:
        if covered_seconds * 100 >= state.required_share * state.duration:
            completed_at = now
    return heartbeat_store.Change(
        sequence=beat.sequence,
        position=beat.position,
        anchor=intervals.next_anchor(allowed, min(beat.position, state.duration)),
        playing=beat.playing,
        rate=beat.rate,
        at=now,
        intervals=[list(i) for i in covered],
        covered_seconds=covered_seconds,
        gained_seconds=gained,
        whole_seconds=int(covered_seconds) - int(state.covered_seconds),
        spent_seconds=spent_seconds,
        whole_spent=int(spent_seconds) - int(state.spent_seconds),
        clock_balance=balance,
        completed_at=completed_at,
    )


def _progress(state, *, ignored: bool = False, check: dict | None = None) -> Progress:
    share = min(1.0, state.covered_seconds / state.duration) if state.duration else 0
    return Progress(
        covered_seconds=round(state.covered_seconds, 1),
        share=round(share, 4),
        completed=state.completed_at is not None,
        course_verified_seconds=state.verified_seconds,
        state=heartbeat_store.sign(state),
        ignored=ignored,
        check=check,
    )


def playback_progress(session: PlaybackSession) -> Progress:
    """Where a playback session stands, with a fresh state token (for a session
    just opened, or after an attention check was answered)."""
    state = heartbeat_store.load(session.key)
    return _progress(state, check=attention.pending(state))
