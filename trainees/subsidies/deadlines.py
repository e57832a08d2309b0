"""Working days (工作日) for the review deadline: Monday to Friday.

Public holidays and the weekend days worked in their place (调休) are not known
here yet; a holiday calendar per year would refine ``working_days_between``.
"""

from __future__ import annotations

import datetime as dt


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + dt.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count
