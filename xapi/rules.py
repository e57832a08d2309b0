"""Pure rules of the learning records: how long to wait before resending, and how
the xAPI Video Profile writes segments, progress and durations. No database."""

from __future__ import annotations

import datetime as dt

# The first retry after this long, then twice as long each time, up to the cap.
FIRST_RETRY_SECONDS = 30
LONGEST_WAIT_SECONDS = 6 * 3600


def backoff(failures: int) -> dt.timedelta:
    """How long to wait after the ``failures``-th failed try in a row (from 1)."""
    seconds = FIRST_RETRY_SECONDS * 2 ** max(0, min(failures - 1, 20))
    return dt.timedelta(seconds=min(seconds, LONGEST_WAIT_SECONDS))


def _number(value: float) -> str:
    """A time code with at most three decimals and no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def played_segments(intervals: list) -> str:
    """The profile's ``played-segments``: ``start[.]end`` ranges joined by ``[,]``."""
    return "[,]".join(f"{_number(start)}[.]{_number(end)}" for start, end in intervals)


def progress(covered_seconds: float, duration: float) -> float:
    """The share of the video covered, between 0 and 1, three decimals."""
    if not duration:
        return 0.0
    return round(min(1.0, max(0.0, covered_seconds / duration)), 3)


def iso_duration(seconds: float) -> str:
    """An ISO 8601 duration, as xAPI writes ``result.duration`` (PT1H2M3.5S)."""
    seconds = max(0.0, round(seconds, 2))
    hours, rest = divmod(seconds, 3600)
    minutes, rest = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{int(hours)}H"
    if minutes:
        text += f"{int(minutes)}M"
    if rest or text == "PT":
        text += f"{_number(rest)}S"
    return text
