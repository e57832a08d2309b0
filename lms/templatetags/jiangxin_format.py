"""The house's formatting of figures in templates, one way everywhere: hours without
a needless ``.0``, durations in hours and minutes, shares as whole percentages,
days and moments in the reader's format and in local time (2026年12月4日 14:05 in
Chinese, Asia/Shanghai), scores with two decimals, and figures that never break
across lines."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeData, mark_safe
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


@register.filter
def moment(value: dt.datetime | dt.date | None) -> str:
    """A point in time in local time (Asia/Shanghai), absolute, in the reader's
    format: 2026年12月4日 14:05 in Chinese; a date alone as ``day``."""
    if value is None or value == "":
        return "—"
    if not isinstance(value, dt.datetime):
        return day(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "DATETIME_FORMAT")


SCORE_PLACES = 2


@register.filter
def score(value: float | int | Decimal | None, places: int = SCORE_PLACES) -> str:
    """A judge's score or mark with always the same number of decimals, so a 0–3
    score and a total line up: 3 → 3.00, 36 → 36.00."""
    if value is None or value == "":
        return "—"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), "ROUND_HALF_UP")
    return number_format(rounded, decimal_pos=places)


@register.filter
def percent(value: float | int | Decimal | None) -> str:
    """A whole percentage, rounded down so it never reads more than it is (59.9
    is 59%, short of a pass mark of 60), that never breaks from its sign."""
    if value is None or value == "":
        return "—"
    whole = Decimal(str(value)).to_integral_value("ROUND_FLOOR")
    return f"{whole}%"


NO_BREAK_SPACE = "\u00a0"
# A space after a figure (16 学时, 90 %, 3 min) or before a percent sign.
_FIGURE_SPACE = re.compile(r"(?<=[\d}]) (?=\S)| (?=%)")


@register.filter
def nobreak(text: str) -> str:
    """``text`` with the spaces inside its figures made non-breaking, so that
    ``90 %`` or ``16 学时`` never wraps across two lines."""
    if text is None:
        return ""
    joined = _FIGURE_SPACE.sub(NO_BREAK_SPACE, str(text))
    return mark_safe(joined) if isinstance(text, SafeData) else joined


@register.filter
def figure(value: float | int | Decimal | None) -> str:
    """A quantity (hours, marks) without a needless ``.0``: 16.0 → 16, 1.5 → 1.5."""
    if value is None or value == "":
        return "—"
    return plain_number(value)
