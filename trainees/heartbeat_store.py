"""The heartbeat's hot path: one compare-and-set write, no lock held.

A heartbeat is the most frequent request the platform serves (every viewer, every
few seconds), so its database work is kept to one statement. The state it extends
comes back from the player as a token the server signed on the previous answer
(``sign``/``unsign``), or else is read (``load``). The write applies only if the
playback session is still open and no other heartbeat of it was recorded since that
state (``last_sequence`` unchanged), so a stale or replayed token writes nothing and
the caller reads the truth; so does a write over lesson progress that another
session's last heartbeat changed since (``covered_seconds`` unchanged, see
``trainees.takeover``). On PostgreSQL the three row updates travel as one
statement (data-modifying CTEs), prepared once per connection, its parameters typed
so that it stays one prepared statement; elsewhere they run in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import UTC, datetime

import psycopg
from django.core import signing
from django.db import connection, transaction
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import Case, F, Value, When
from django.db.models.lookups import Exact
from psycopg.types.numeric import Int8

from trainees.models import (
    HUNDREDTH_OF_HOUR_SECONDS,
    Enrolment,
    LessonProgress,
    PlaybackSession,
)

_HALF_STEP = HUNDREDTH_OF_HOUR_SECONDS // 2

_FIELDS = {
    "session_id": "id",
    "key": "key",
    "user_id": "user_id",
    "max_rate": "max_rate",
    "next_check_at": "next_check_at",
    "check_pending": "check_pending",
    "last_sequence": "last_sequence",
    "last_position": "last_position",
    "last_playing": "last_playing",
    "last_rate": "last_rate",
    "last_seen_at": "last_seen_at",
    "ended_at": "ended_at",
    "end_reason": "end_reason",
    "progress_id": "progress_id",
    "lesson_id": "progress__lesson_id",
    "intervals": "progress__intervals",
    "covered_seconds": "progress__covered_seconds",
    "spent_seconds": "progress__spent_seconds",
    "duration": "progress__duration",
    "required_share": "progress__required_share",
    "completed_at": "progress__completed_at",
    "enrolment_id": "progress__enrolment_id",
    "enrolment_status": "progress__enrolment__status",
    "verified_seconds": "progress__enrolment__verified_seconds",
    "delivery_verified": "delivery_verified",
    "delivered": "delivered",
    "clock_balance": "clock_balance",
}


@dataclass
class State:
    """A playback session with its lesson progress and enrolment, as last stored."""

    session_id: int
    key: str
    user_id: int
    max_rate: float
    next_check_at: float | None
    check_pending: bool
    last_sequence: int
    last_position: float
    last_playing: bool
    last_rate: float
    last_seen_at: datetime
    ended_at: datetime | None
    end_reason: str
    progress_id: int
    lesson_id: int
    intervals: list
    covered_seconds: float
    spent_seconds: float
    duration: float
    required_share: int
    completed_at: datetime | None
    enrolment_id: int
    enrolment_status: str
    verified_seconds: int
    delivery_verified: bool  # trainees.delivery: credit only what keys delivered
    delivered: list
    clock_balance: float  # intervals.time_spent: jitter evened out by the next


@dataclass(frozen=True)
class Change:
    """What one heartbeat writes."""

    sequence: int
    position: float  # where the player is: the lesson's resume position
    anchor: float  # where the next heartbeat's range starts (``intervals.next_anchor``)
    playing: bool
    rate: float
    at: datetime
    intervals: list
    covered_seconds: float
    gained_seconds: float
    whole_seconds: int  # added to the enrolment's covered seconds
    spent_seconds: float
    whole_spent: int  # added to the enrolment's verified seconds (学时)
    clock_balance: float  # intervals.time_spent
    completed_at: datetime | None


_SALT = "trainees.heartbeat-state"
_DATETIMES = ("last_seen_at", "ended_at", "completed_at")


def sign(state: State) -> str:
    """A token of ``state`` for the player to send back with its next heartbeat."""
    values = [
        value.timestamp() if isinstance(value, datetime) else value
        for value in (getattr(state, field.name) for field in fields(State))
    ]
    return signing.dumps(values, salt=_SALT, compress=True)


def unsign(token: str) -> State | None:
    """The state a token carries, or None when it is not one the server signed."""
    try:
        values = signing.loads(token, salt=_SALT)
        state = State(*values)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    for name in _DATETIMES:
        value = getattr(state, name)
        if value is not None:
            setattr(state, name, datetime.fromtimestamp(value, tz=UTC))
    return state


def load(key: str) -> State | None:
    row = PlaybackSession.objects.filter(key=key).values_list(*_FIELDS.values()).first()
    return State(*row) if row else None


def store(state: State, change: Change) -> bool:
    """Write ``change`` unless the session ended or moved on since ``state`` was
    read; True when written."""
    if connection.vendor == "postgresql":
        return _store_in_one_statement(state, change)
    return _store_in_one_transaction(state, change)


@transaction.atomic
def _store_in_one_transaction(state: State, change: Change) -> bool:
    claimed = PlaybackSession.objects.filter(
        pk=state.session_id,
        last_sequence=state.last_sequence,
        ended_at__isnull=True,
        progress__covered_seconds=state.covered_seconds,
    ).update(
        last_sequence=change.sequence,
        last_position=change.anchor,
        last_playing=change.playing,
        last_rate=change.rate,
        last_seen_at=change.at,
        credited_seconds=F("credited_seconds") + change.gained_seconds,
        clock_balance=change.clock_balance,
    )
    if not claimed:
        return False
    LessonProgress.objects.filter(pk=state.progress_id).update(
        intervals=change.intervals,
        covered_seconds=change.covered_seconds,
        spent_seconds=change.spent_seconds,
        last_position=change.position,
        completed_at=change.completed_at,
        updated_at=change.at,
    )
    if change.whole_seconds or change.whole_spent:
        add_to_enrolment(
            state.enrolment_id,
            covered=change.whole_seconds,
            verified=change.whole_spent,
            at=change.at,
        )
    return True


def _shown_hours(added: int):
    return (F("verified_seconds") + added + _HALF_STEP) / HUNDREDTH_OF_HOUR_SECONDS


def add_to_enrolment(enrolment_id: int, *, covered: int, verified: int, at) -> None:
    """Add whole seconds to an enrolment's coverage and verified hours (学时). Its
    ``updated_at`` moves only when the hours it reports (to the hundredth,
    ``hundredths_of_hour``) change: a sync then sees every change of what it reads,
    and most heartbeats change no indexed column of the row, so PostgreSQL can
    update it in place (a HOT update) instead of adding to its six indexes."""
    Enrolment.objects.filter(pk=enrolment_id).update(
        covered_seconds=F("covered_seconds") + covered,
        verified_seconds=F("verified_seconds") + verified,
        updated_at=Case(
            When(Exact(_shown_hours(0), _shown_hours(verified)), then=F("updated_at")),
            default=Value(at),
        ),
    )


_ONE_STATEMENT = """
WITH claimed AS (
    UPDATE {session} SET last_sequence = %(sequence)s, last_position = %(anchor)s,
        last_playing = %(playing)s, last_rate = %(rate)s, last_seen_at = %(at)s,
        credited_seconds = credited_seconds + %(gained)s, clock_balance = %(balance)s
    WHERE id = %(session_id)s AND last_sequence = %(read_sequence)s
        AND ended_at IS NULL AND EXISTS (
            SELECT 1 FROM {progress} WHERE id = %(progress_id)s
                AND covered_seconds = %(read_covered)s)
    RETURNING id
), progress AS (
    UPDATE {progress} SET intervals = %(intervals)s::jsonb,
        covered_seconds = %(covered)s, spent_seconds = %(spent)s,
        last_position = %(position)s,
        completed_at = coalesce(completed_at, CASE WHEN %(completes)s THEN %(at)s END),
        updated_at = %(at)s
    WHERE id = %(progress_id)s AND EXISTS (SELECT 1 FROM claimed)
    RETURNING id
), course AS (
    UPDATE {enrolment} SET covered_seconds = covered_seconds + %(whole)s,
        verified_seconds = verified_seconds + %(whole_spent)s,
        updated_at = CASE WHEN (verified_seconds + {half}) / {step}
            = (verified_seconds + %(whole_spent)s + {half}) / {step}
            THEN updated_at ELSE %(at)s END
    WHERE id = %(enrolment_id)s AND (%(whole)s <> 0 OR %(whole_spent)s <> 0)
        AND EXISTS (SELECT 1 FROM claimed)
    RETURNING id
)
SELECT count(*) FROM claimed
"""


class _PreparingCursor(psycopg.Cursor):
    """Binds parameters on the server and prepares the statement on its first run
    on a connection, so that PostgreSQL stops planning it on every heartbeat.
    (Django's own cursors bind on the client, which never prepares.)"""

    def execute(self, query, params=None, *, prepare=True, binary=None):
        return super().execute(query, params, prepare=prepare, binary=binary)


class _DebugWrapper(CursorDebugWrapper):
    """Logs the statement as written: psycopg keeps no text of a prepared one."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return super(CursorDebugWrapper, self).execute(sql, params)


def _prepared_cursor():
    """A ``_PreparingCursor`` wrapped like Django's cursors: errors translated into
    ``django.db`` ones, queries logged when DEBUG is on (and in tests)."""
    connection.ensure_connection()
    raw = _PreparingCursor(connection.connection)
    if connection.queries_logged:
        return _DebugWrapper(raw, connection)
    return connection.make_cursor(raw)


def _store_in_one_statement(state: State, change: Change) -> bool:
    sql = _ONE_STATEMENT.format(
        session=PlaybackSession._meta.db_table,
        progress=LessonProgress._meta.db_table,
        enrolment=Enrolment._meta.db_table,
        half=_HALF_STEP,
        step=HUNDREDTH_OF_HOUR_SECONDS,
    )
    with _prepared_cursor() as cursor:
        cursor.execute(
            sql,
            {
                "sequence": Int8(change.sequence),
                "position": float(change.position),
                "anchor": float(change.anchor),
                "playing": change.playing,
                "rate": float(change.rate),
                "at": change.at,
                "gained": float(change.gained_seconds),
                "balance": float(change.clock_balance),
                "session_id": Int8(state.session_id),
                "read_sequence": Int8(state.last_sequence),
                "intervals": json.dumps(change.intervals),
                "covered": float(change.covered_seconds),
                "read_covered": float(state.covered_seconds),
                "spent": float(change.spent_seconds),
                "whole_spent": Int8(change.whole_spent),
                "completes": change.completed_at is not None,
                "progress_id": Int8(state.progress_id),
                "whole": Int8(change.whole_seconds),
                "enrolment_id": Int8(state.enrolment_id),
            },
        )
        return cursor.fetchone()[0] == 1
