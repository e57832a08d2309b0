"""The house's formatting of figures in templates, one way everywhere: hours without
a needless ``.0``, durations in hours and minutes, shares as whole percentages, and
days in the reader's date format (2026年12月4日 in Chinese)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

register = template.Library()


def plain_number(value: float | Decimal, places: int = 1) -> str:
    """``value`` rounded to ``places`` decimals, without trailing zeros: 16.0 → 16,
    1.25 → 1.3 (half up), 0.04 → 0 only when it is 0 at that precision."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), "ROUND_HALF_UP")
    text = number_format(rounded, decimal_pos=places)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@register.filter
def hours(seconds: float | int | None) -> str:
    """Seconds as hours, e.g. ``57600`` → ``16``; ``5400`` → ``1.5``; a few minutes,
    which would round to 0, as ``< 0.1``."""
    if seconds in (None, ""):
        return "—"
    text = plain_number(Decimal(str(seconds)) / 3600)
    if text == "0" and float(seconds) > 0:
        return "< " + plain_number(Decimal("0.1"))
    return text


@register.filter
def duration(seconds: float | int | None) -> str:
    """Seconds as the reader says a length of time: 1 h 5 min, 12 min 30 s, 40 s."""
    if seconds in (None, ""):
        return "—"
    total = round(float(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    if h:
        return gettext("%(h)s h %(m)s min") % {"h": h, "m": m}
    if m:
        return gettext("%(m)s min %(s)s s") % {"m": m, "s": s}
    return gettext("%(s)s s") % {"s": s}


@register.filter
def share_of(part: float | int | None, whole: float | int | None) -> str:
    """``part`` as a whole percentage of ``whole``, rounded down, so a share short of
    the whole never reads 100%; ``—`` when there is no whole."""
    if not whole:
        return "—"
    percent = int(100 * float(part or 0) / float(whole) + 1e-9)
    return f"{min(percent, 100)}%"


@register.filter
def day(value: dt.date | dt.datetime | None) -> str:
    """A day in the reader's date format, in local time (Asia/Shanghai)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return date_format(value, "DATE_FORMAT")
