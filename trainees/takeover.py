"""The last interval of a tab taken over: when a trainee opens the lesson in another
tab or device, the first one's stream ends at once, but what it played up to that
moment was watched. Its next (last) heartbeat, if it comes soon, is credited up to
the moment it was taken over, under the usual wall-clock rules, and it is told to
stop. The session that took over may be writing the same lesson progress: this
merges under a row lock, and that session's next compare-and-set sees the change
(``trainees.heartbeat_store``) and reads again.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F

from trainees import intervals
from trainees.heartbeat_store import Change, State, add_to_enrolment
from trainees.models import LessonProgress, PlaybackSession


def grace() -> timedelta:
    """How long after the takeover the last heartbeat may still arrive: a little
    more than two of the player's intervals."""
    return timedelta(seconds=2 * settings.WATCH_HEARTBEAT_SECONDS + 5)


def may_credit_last_interval(state: State, now) -> bool:
    """The session was taken over by another tab, and only just."""
    return (
        state.end_reason == PlaybackSession.EndReason.SUPERSEDED
        and state.ended_at is not None
        and now - state.ended_at <= grace()
    )


@transaction.atomic
def credit_last_interval(state: State, change: Change) -> bool:
    """Credit ``change`` (computed up to the takeover) to the lesson progress as it
    stands now, once per heartbeat; True when it completed the lesson."""
    progress = LessonProgress.objects.select_for_update().get(pk=state.progress_id)
    claimed = PlaybackSession.objects.filter(
        pk=state.session_id, last_sequence=state.last_sequence, ended_at=state.ended_at
    ).update(
        last_sequence=change.sequence,
        last_position=change.anchor,
        last_playing=change.playing,
        last_rate=change.rate,
        # Later heartbeats of this session start from the takeover: they earn nothing.
        last_seen_at=change.at,
        credited_seconds=F("credited_seconds") + change.gained_seconds,
    )
    if not claimed or change.gained_seconds <= 0:
        return False
    covered = [tuple(i) for i in progress.intervals]
    for interval in change.intervals:
        covered = intervals.merge(covered, tuple(interval))
    covered_seconds = intervals.covered(covered)
    gained = covered_seconds - progress.covered_seconds
    if gained <= 0:
        return False
    spent = min(change.spent_seconds - state.spent_seconds, gained)
    newly_completed = progress.completed_at is None and (
        covered_seconds * 100 >= progress.required_share * progress.duration
    )
    whole = int(covered_seconds) - int(progress.covered_seconds)
    whole_spent = int(progress.spent_seconds + spent) - int(progress.spent_seconds)
    LessonProgress.objects.filter(pk=progress.pk).update(
        intervals=[list(i) for i in covered],
        covered_seconds=covered_seconds,
        spent_seconds=F("spent_seconds") + spent,
        completed_at=change.at if newly_completed else progress.completed_at,
    )
    if whole or whole_spent:
        add_to_enrolment(
            state.enrolment_id, covered=whole, verified=whole_spent, at=change.at
        )
    return newly_completed
