"""Working days (工作日) for the review deadline: Monday to Friday, less the public
holidays and plus the weekend days worked (调休) of the national calendar."""

from __future__ import annotations

import datetime as dt

from trainees.subsidies.calendar import ONE_DAY, WorkingCalendar


def working_days_between(
    start: dt.date, end: dt.date, calendar: WorkingCalendar | None = None
) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start).

    ``calendar`` is used when it covers the range; otherwise the calendar of the
    range is read, in one query.
    """
    if end <= start:
        return 0
    if calendar is None or not calendar.covers(start, end):
        calendar = WorkingCalendar.between(start + ONE_DAY, end)
    return calendar.working_days_between(start, end)


def horizon(start: dt.date, working_days: int) -> dt.date:
    """A day surely after the ``working_days``-th working day after ``start``: two
    calendar days a working day, and the longest national holiday on top."""
    return start + dt.timedelta(days=2 * working_days + 14)


def working_day_after(
    start: dt.date, working_days: int, calendar: WorkingCalendar | None = None
) -> dt.date:
    """The ``working_days``-th working day after ``start`` (``start`` itself for 0):
    the last day of a review that must end within that many working days."""
    last = horizon(start, working_days)
    if calendar is None or not calendar.covers(start, last):
        calendar = WorkingCalendar.between(start + ONE_DAY, last)
    day, left = start, working_days
    while left > 0:
        day += ONE_DAY
        left -= calendar.is_working_day(day)
    return day
