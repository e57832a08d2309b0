"""Reporting periods: a year or one of its quarters, with the day its report is
due at the level above (``STATISTICS_REPORT_YEAR_DUE``,
``STATISTICS_REPORT_QUARTER_DUE_DAY``)."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class Period:
    """A year (quarter 0) or a quarter (1–4) of it."""

    year: int
    quarter: int = 0

    def __post_init__(self):
        if not 0 <= self.quarter <= 4 or not 2000 <= self.year <= 2100:
            raise ValueError(f"no such period: {self.year} Q{self.quarter}")

    @property
    def starts_on(self) -> dt.date:
        month = 1 if self.quarter == 0 else 3 * self.quarter - 2
        return dt.date(self.year, month, 1)

    @property
    def ends_on(self) -> dt.date:
        month = 12 if self.quarter == 0 else 3 * self.quarter
        return dt.date(self.year, month, monthrange(self.year, month)[1])

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The period's first instant and the first instant after it (local time)."""
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.starts_on, dt.time.min, tzinfo=tz)
        after = self.ends_on + dt.timedelta(days=1)
        return start, dt.datetime.combine(after, dt.time.min, tzinfo=tz)

    @property
    def due_on(self) -> dt.date:
        """The day the level above expects the report: a year's in the following
        year, a quarter's in the month after it."""
        if self.quarter == 0:
            month, day = settings.STATISTICS_REPORT_YEAR_DUE
            year = self.year + 1
        else:
            following = self.ends_on + dt.timedelta(days=1)
            year, month = following.year, following.month
            day = settings.STATISTICS_REPORT_QUARTER_DUE_DAY
        return dt.date(year, month, min(day, monthrange(year, month)[1]))

    @property
    def label(self) -> str:
        if self.quarter == 0:
            return _("%(year)s, whole year") % {"year": self.year}
        return _("%(year)s, quarter %(quarter)s") % {
            "year": self.year,
            "quarter": self.quarter,
        }

    @property
    def chinese_label(self) -> str:
        """The period as the statistical table prints it."""
        if self.quarter == 0:
            return f"{self.year}年度"
        return f"{self.year}年第{self.quarter}季度"

    @property
    def slug(self) -> str:
        return f"{self.year}" if self.quarter == 0 else f"{self.year}-q{self.quarter}"

    def has_ended(self, today: dt.date) -> bool:
        return self.ends_on < today

    @classmethod
    def parse(cls, value: str) -> Period:
        """``2025`` or ``2025-q1`` (the slug); ValueError otherwise."""
        year, _sep, quarter = value.strip().lower().partition("-q")
        if not (year.isascii() and year.isdigit()) or (
            quarter and not (quarter.isascii() and quarter.isdigit())
        ):
            raise ValueError(f"not a period: {value!r}")
        return cls(int(year), int(quarter or 0))


def recent_periods(today: dt.date) -> list[Period]:
    """The periods that have ended, latest first: this and last year's quarters
    and last year; those an officer reports on now."""
    periods = [Period(today.year - 1, 0)]
    for year in (today.year, today.year - 1):
        periods += [Period(year, q) for q in range(1, 5)]
    ended = [p for p in periods if p.has_ended(today)]
    return sorted(ended, key=lambda p: (p.ends_on, p.quarter == 0), reverse=True)


def due_in(today: dt.date, days: int) -> list[Period]:
    """The periods whose reports are due exactly ``days`` days after today."""
    day = today + dt.timedelta(days=days)
    candidates = [Period(y, q) for y in (day.year - 1, day.year) for q in range(5)]
    return [p for p in candidates if p.due_on == day]
