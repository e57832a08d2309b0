"""One parsing layer for what requests carry: numbers, ids, dates and JSON bodies.

Every value a request sends is text (or decoded JSON) chosen by the sender. These
functions turn it into a Python value that fits the column it goes to, or raise
``BadInput`` with a message for the sender; views answer that with a 400 (or show it
as a form error, since ``BadInput`` is a ``ValidationError``). Digits are ASCII only:
``int()`` would also read full-width and other Unicode digits.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re

from django.core.exceptions import ValidationError
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

# The ranges of the integer columns on every database we run on (PostgreSQL's).
COLUMN_RANGES = BaseDatabaseOperations.integer_field_ranges
SMALLINT_MAX = COLUMN_RANGES["SmallIntegerField"][1]
INT_MAX = COLUMN_RANGES["IntegerField"][1]
BIGINT_MAX = COLUMN_RANGES["BigIntegerField"][1]

# Longer than any number a column can hold, short enough for int() to stay cheap.
_MAX_DIGITS = 20
_INTEGER = re.compile(rf"[+-]?[0-9]{{1,{_MAX_DIGITS}}}", re.ASCII)
_DECIMAL = re.compile(r"[+-]?[0-9]{1,15}(?:\.[0-9]{1,15})?", re.ASCII)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


class BadInput(ValidationError):
    """A request value that cannot be used: its message says why, for the sender."""

    def __init__(self, message: str):
        super().__init__(message, code="bad_input")

    @property
    def text(self) -> str:
        return " ".join(self.messages)


def column_range(field: Field) -> tuple[int, int]:
    """The smallest and largest value an integer model field's column holds."""
    return COLUMN_RANGES[field.get_internal_type()]


def parse_int(
    value: object,
    *,
    label: str,
    minimum: int | None = 0,
    maximum: int | None = INT_MAX,
    field: Field | None = None,
    allow_text: bool = True,
) -> int:
    """A whole number of ASCII digits (or a JSON integer) within ``minimum`` and
    ``maximum``, and within the column of ``field`` when one is given. JSON
    readers pass ``allow_text=False``: there, "7" is not a number."""
    if field is not None:
        low, high = column_range(field)
        minimum = low if minimum is None else max(minimum, low)
        maximum = high if maximum is None else min(maximum, high)
    minimum = -BIGINT_MAX - 1 if minimum is None else minimum
    maximum = BIGINT_MAX if maximum is None else maximum
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif allow_text and isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        number = None
    if number is None:
        raise BadInput(_("%(label)s must be a whole number.") % {"label": label})
    if not minimum <= number <= maximum:
        raise BadInput(
            _("%(label)s must be between %(minimum)s and %(maximum)s.")
            % {"label": label, "minimum": minimum, "maximum": maximum}
        )
    return number


def parse_id(value: object, *, label: str) -> int:
    """The primary key of a row: a whole number from 1 to the largest bigint."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise BadInput(_("%(label)s is missing.") % {"label": label})
    return parse_int(value, label=label, minimum=1, maximum=BIGINT_MAX)


def parse_float(
    value: object,
    *,
    label: str,
    minimum: float,
    maximum: float,
    allow_text: bool = True,
) -> float:
    """A finite decimal number (ASCII digits, no exponent, no NaN or infinity) or a
    JSON number, within ``minimum`` and ``maximum``; ``allow_text`` as for
    ``parse_int``."""
    number: float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        # Compared as an int first: float() of a huge JSON integer overflows.
        number = float(value) if minimum <= value <= maximum else math.inf
    elif isinstance(value, float):
        number = value if math.isfinite(value) else None
    elif allow_text and isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        number = float(value.strip())
    if number is None:
        raise BadInput(_("%(label)s must be a number.") % {"label": label})
    if not minimum <= number <= maximum:
        raise BadInput(
            _("%(label)s must be between %(minimum)s and %(maximum)s.")
            % {"label": label, "minimum": minimum, "maximum": maximum}
        )
    return number


def parse_date(
    value: object,
    *,
    label: str,
    earliest: dt.date = dt.date(1900, 1, 1),
    latest: dt.date | None = None,
) -> dt.date:
    """A real calendar date written YYYY-MM-DD, from ``earliest`` to ``latest``."""
    if isinstance(value, dt.date):
        date = value
    else:
        text = value.strip() if isinstance(value, str) else ""
        if not _ISO_DATE.fullmatch(text):
            raise BadInput(
                _("%(label)s must be a date written YYYY-MM-DD.") % {"label": label}
            )
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            raise BadInput(
                _("%(label)s is not a real date.") % {"label": label}
            ) from None
    check_date_range(date, label=label, earliest=earliest, latest=latest)
    return date


def check_date_range(
    date: dt.date,
    *,
    label: str,
    earliest: dt.date = dt.date(1900, 1, 1),
    latest: dt.date | None = None,
) -> None:
    """Raise ``BadInput`` unless ``date`` lies from ``earliest`` to ``latest``."""
    if isinstance(date, dt.datetime):
        date = date.date()
    if date < earliest or (latest is not None and date > latest):
        if latest is None:
            message = _("%(label)s must be on or after %(earliest)s.")
        else:
            message = _("%(label)s must be between %(earliest)s and %(latest)s.")
        raise BadInput(
            message % {"label": label, "earliest": earliest, "latest": latest}
        )


def _refuse_constant(name: str):
    raise ValueError(name)


def parse_json(body: bytes, *, max_bytes: int, max_depth: int = 8) -> object:
    """Decoded JSON of a request body of at most ``max_bytes``, nested at most
    ``max_depth`` levels, without NaN or infinity."""
    if len(body) > max_bytes:
        raise BadInput(
            _("The request body is larger than %(max)s bytes.") % {"max": max_bytes}
        )
    # Counting brackets is cheap; only a body with many of them is scanned.
    brackets = body.count(b"[") + body.count(b"{")
    if brackets > max_depth and _depth(body) > max_depth:
        raise BadInput(_("The JSON is nested too deeply."))
    try:
        return json.loads(body or b"null", parse_constant=_refuse_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadInput(_("The request body is not valid JSON.")) from None


def _depth(body: bytes) -> int:
    """How deeply brackets nest, counted without parsing (outside strings)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


class BadInputMiddleware:
    """Answers a ``BadInput`` that escapes a view with a 400 and its message: JSON
    for a client that sent or asks for JSON, the 400 page otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, BadInput):
            return None
        wants_json = "json" in request.headers.get("Accept", "") or (
            request.content_type == "application/json"
        )
        if wants_json:
            return JsonResponse({"error": exception.text}, status=400)
        response = TemplateResponse(
            request, "400.html", {"message": exception.text}, status=400
        )
        return response.render()
