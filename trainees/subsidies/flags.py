"""Flags for suspicious evidence (疑点), computed for many enrolments at once.

A flag does not decide a claim; it tells the HR officer where to look.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count

from trainees.evidence.attendance.models import Attendance
from trainees.models import Enrolment, PlaybackSession
from trainees.subsidies.models import Flag

# Check-ins of this many different trainees from one phone raise a flag.
SHARED_DEVICE_TRAINEES = 5
# Slack between verified watch time and the wall-clock time playback ran.
WALL_CLOCK_SLACK_SECONDS = 60


def _union_seconds(spans: list[tuple]) -> float:
    total, end = 0.0, None
    for start, stop in sorted(spans):
        if end is None or start > end:
            total += (stop - start).total_seconds()
            end = stop
        elif stop > end:
            total += (stop - end).total_seconds()
            end = stop
    return total


def _two_venues(user_ids: set[int]) -> set[int]:
    """Users with overlapping check-ins at different venues (one query)."""
    rows = Attendance.objects.filter(user_id__in=user_ids).values_list(
        "user_id",
        "session__venue",
        "checked_in_at",
        "checked_out_at",
        "session__ends_at",
    )
    by_user = defaultdict(list)
    for user_id, venue, start, out, session_end in rows:
        by_user[user_id].append((start, out or max(start, session_end), venue))
    flagged = set()
    for user_id, spans in by_user.items():
        spans.sort()
        for (_s1, end1, venue1), (start2, _e2, venue2) in zip(
            spans, spans[1:], strict=False
        ):
            if start2 < end1 and venue1 != venue2:
                flagged.add(user_id)
    return flagged


def _shared_devices(user_ids: set[int]) -> set[int]:
    """Users who checked in from a device that many trainees used (two queries)."""
    mine = Attendance.objects.filter(user_id__in=user_ids).exclude(device_id="")
    crowded = set(
        Attendance.objects.filter(device_id__in=mine.values("device_id").distinct())
        .values("device_id")
        .annotate(trainees=Count("user_id", distinct=True))
        .filter(trainees__gte=SHARED_DEVICE_TRAINEES)
        .values_list("device_id", flat=True)
    )
    return set(mine.filter(device_id__in=crowded).values_list("user_id", flat=True))


def _watch_exceeds_clock(enrolments: list[Enrolment]) -> set[int]:
    """Enrolments credited with more watch time than playback ran (one query)."""
    spans = defaultdict(list)
    rows = PlaybackSession.objects.filter(
        progress__enrolment_id__in=[e.pk for e in enrolments]
    ).values_list("progress__enrolment_id", "started_at", "last_seen_at")
    for enrolment_id, started, seen in rows:
        spans[enrolment_id].append((started, max(started, seen)))
    # Without any playback session the figure came from elsewhere (an import).
    return {
        e.pk
        for e in enrolments
        if e.pk in spans
        and e.verified_seconds > _union_seconds(spans[e.pk]) + WALL_CLOCK_SLACK_SECONDS
    }


def _not_delivery_verified(enrolments: list[Enrolment]) -> set[int]:
    """Enrolments with watch time credited on a video in the old, unencrypted
    format (``trainees.delivery``), which no key fetch checked (one query)."""
    return set(
        PlaybackSession.objects.filter(
            progress__enrolment_id__in=[e.pk for e in enrolments],
            delivery_verified=False,
            credited_seconds__gt=0,
        ).values_list("progress__enrolment_id", flat=True)
    )


def flags_for(enrolments: Iterable[Enrolment]) -> dict[int, list[str]]:
    """Flag codes per enrolment id, in a fixed number of queries."""
    enrolments = list(enrolments)
    user_ids = {e.user_id for e in enrolments}
    two_venues = _two_venues(user_ids)
    shared = _shared_devices(user_ids)
    clock = _watch_exceeds_clock(enrolments)
    undelivered = _not_delivery_verified(enrolments)
    flags = {}
    for e in enrolments:
        found = []
        if e.user_id in two_venues:
            found.append(Flag.TWO_VENUES)
        if e.pk in clock:
            found.append(Flag.WATCH_EXCEEDS_CLOCK)
        if e.pk in undelivered:
            found.append(Flag.WATCH_NOT_DELIVERY_VERIFIED)
        if e.user_id in shared:
            found.append(Flag.SHARED_DEVICE)
        if e.completed_at is None:
            found.append(Flag.NOT_COMPLETED)
        flags[e.pk] = [str(f) for f in found]
    return flags
