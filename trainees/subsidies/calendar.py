"""The national working-day calendar (工作日历): Monday to Friday are worked, except
the public holidays (节假日) that the State Council's yearly notice gives off, and
the weekend days it makes worked in their place (调休上班)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

ONE_DAY = dt.timedelta(days=1)


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday (节假日): not worked")
    WORKDAY = "workday", _("Weekend day worked (调休上班)")


class CalendarDay(models.Model):
    """One day that breaks the Monday-to-Friday rule, as the State Council's notice
    on holiday arrangements (部分节假日安排的通知) sets it."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=CalendarDayKind.choices)
    name = models.CharField(
        _("name"), max_length=50, help_text=_("The holiday, e.g. 国庆节.")
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name} ({self.get_kind_display()})"

    def clean(self):
        if self.kind == CalendarDayKind.WORKDAY and self.date and is_weekday(self.date):
            raise ValidationError(
                {
                    "kind": _(
                        "%(date)s is a weekday, worked anyway: only a Saturday or "
                        "a Sunday can be a weekend day worked."
                    )
                    % {"date": self.date.isoformat()}
                }
            )


def is_weekday(day: dt.date) -> bool:
    return day.weekday() < 5


def weekdays_between(start: dt.date, end: dt.date) -> int:
    """Mondays to Fridays after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    return weeks * 5 + sum(
        1 for offset in range(1, rest + 1) if is_weekday(start + offset * ONE_DAY)
    )


@dataclass(frozen=True)
class WorkingCalendar:
    """The calendar's exceptions from ``first`` to ``last``, read in one query and
    then asked about any range inside them (a queue of claims reads it once)."""

    first: dt.date
    last: dt.date
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    @classmethod
    def between(cls, first: dt.date, last: dt.date) -> WorkingCalendar:
        rows = CalendarDay.objects.filter(date__range=(first, last)).values_list(
            "date", "kind"
        )
        holidays, workdays = set(), set()
        for day, kind in rows:
            (holidays if kind == CalendarDayKind.HOLIDAY else workdays).add(day)
        return cls(first, last, frozenset(holidays), frozenset(workdays))

    def covers(self, start: dt.date, end: dt.date) -> bool:
        """Whether it knows every day after ``start`` up to ``end``."""
        return self.first <= start + ONE_DAY and end <= self.last

    def is_working_day(self, day: dt.date) -> bool:
        return (is_weekday(day) and day not in self.holidays) or day in self.workdays

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end <=
        start)."""
        if end <= start:
            return 0
        if not self.covers(start, end):
            raise ValueError(
                f"the calendar of {self.first}…{self.last} does not cover "
                f"{start + ONE_DAY}…{end}"
            )
        days_off = sum(1 for d in self.holidays if start < d <= end and is_weekday(d))
        days_on = sum(
            1 for d in self.workdays if start < d <= end and not is_weekday(d)
        )
        return weekdays_between(start, end) - days_off + days_on
