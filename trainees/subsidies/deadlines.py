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
