"""Verified watch time as interval arithmetic: pure functions, no database.

A trainee's coverage of a video is a sorted list of disjoint ``[start, end]`` ranges
of the video's timeline, in seconds. A heartbeat can only add to it the range played
since the previous heartbeat of the same playback session, and no more of it than the
wall-clock time between the two allows at the highest credited rate (DESIGN.md,
"Verified watch time"). Seeking ahead or replaying a range therefore earns nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

Interval = tuple[float, float]

# How far the player's clock may run ahead of ours (network jitter, timer skew), as a
# share of the elapsed time: a share, not a fixed allowance, so that sending many
# heartbeats cannot add up allowances into unearned time.
TOLERANCE = 0.1
# How far short of the reported position the wall clock may cut a heartbeat's range
# and still be taken for network jitter rather than a seek (see ``next_anchor``).
JITTER_SECONDS = 0.5


@dataclass(frozen=True)
class Anchor:
    """Where the previous accepted heartbeat of a playback session left the video."""

    position: float
    playing: bool
    rate: float
    at: float  # server wall-clock time, seconds since the epoch


def merge(intervals: list[Interval], new: Interval) -> list[Interval]:
    """The union of sorted, disjoint ``intervals`` and ``new``, sorted and disjoint."""
    start, end = new
    if end <= start:
        return list(intervals)
    merged: list[Interval] = []
    for current in intervals:
        if current[1] < start or current[0] > end:
            merged.append(current)
        else:
            start, end = min(start, current[0]), max(end, current[1])
    merged.append((start, end))
    merged.sort()
    return merged


def covered(intervals: list[Interval]) -> float:
    """Seconds of the timeline inside the union."""
    return sum(end - start for start, end in intervals)


def credited_range(
    anchor: Anchor | None,
    *,
    position: float,
    now: float,
    duration: float,
    max_rate: float,
) -> Interval | None:
    """The range that the time since ``anchor`` proves was played, if any.

    Only a session that was playing at the anchor, at a rate (as of the anchor) no
    faster than ``max_rate``, earns: the forward range from the anchor's position,
    cut to what the elapsed wall-clock time at that rate allows (with ``TOLERANCE``)
    and to the video's end.
    """
    if anchor is None or not anchor.playing or anchor.rate > max_rate:
        return None
    if position <= anchor.position:
        return None
    elapsed = max(0.0, now - anchor.at)
    allowed = elapsed * anchor.rate * (1 + TOLERANCE)
    end = min(position, anchor.position + allowed, duration)
    if end <= anchor.position:
        return None
    return (anchor.position, end)


def next_anchor(credited: Interval | None, position: float) -> float:
    """Where the next heartbeat's range starts: the position the player reported,
    unless the wall clock cut this heartbeat's range just short of it. A heartbeat
    that arrives a little early (the one before it was slow on the network) claims
    more than the time since the previous one allows; the rest, at most
    ``JITTER_SECONDS``, is then left to the next heartbeat, which credits it once
    more wall-clock time has passed, instead of leaving a gap in honest play.
    A range cut by more than that is a seek or a forgery: its rest is never
    credited."""
    if credited is None:
        return position
    end = credited[1]
    if end < position <= end + JITTER_SECONDS:
        return end
    return position


def time_spent(
    gained: float, *, rate: float, elapsed: float, balance: float, playing: bool
) -> tuple[float, float]:
    """The training time (学时) a heartbeat adds for ``gained`` seconds of new
    coverage, and the balance it leaves to the next heartbeat.

    Coverage counts at the rate it was played (never below 1×), and never for more
    than the wall-clock time since the previous heartbeat. The ``balance`` evens
    out network jitter between two heartbeats of playback: positive, wall-clock
    time the previous heartbeat could not use (it arrived late); negative, coverage
    it could not count (it arrived early, and ``TOLERANCE`` let it cover more than
    the time since the one before). Each is at most ``JITTER_SECONDS``, and only
    playback (``playing``: the previous heartbeat was playing) keeps one, so over a
    playback session the hours never exceed the wall clock."""
    budget = elapsed + max(balance, 0.0)
    wanted = gained / max(rate, 1.0) + max(-balance, 0.0)
    spent = min(wanted, budget)
    if not playing:
        return spent, 0.0
    left = min(budget - wanted, JITTER_SECONDS) if budget > wanted else 0.0
    owed = min(wanted - budget, JITTER_SECONDS) if wanted > budget else 0.0
    return spent, left - owed
