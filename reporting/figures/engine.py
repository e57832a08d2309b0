"""How a figure is counted: one GROUP BY on the region-code prefix of the next
level down, and one on the month, per source of rows, whatever the number of
regions and rows.

A *source* is a queryset of one model and the measures read from it, each a
conditional aggregate (``Count("pk", filter=…)``), so all the measures of a source
come from the same two or three queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from lms.scoping import region_prefix

MONTHS = 24


@dataclass(frozen=True)
class Link:
    """The scoped admin list behind a number: a URL name and its filters."""

    url_name: str
    params: dict[str, str] = field(default_factory=dict)
    region_param: str | None = "region"


@dataclass(frozen=True)
class Measure:
    """One number of the dashboard, counted over its source's rows.

    ``monthly`` is the aggregate counted per month of ``month_field`` (by default
    the measure's own aggregate); a measure without ``month_field`` is a state of
    today and has no line over time."""

    key: str
    label: str
    value: models.Aggregate
    link: Link | None = None
    month_field: str | None = None
    monthly: models.Aggregate | None = None
    unit: str = ""


@dataclass(frozen=True)
class Source:
    """The rows some measures are counted over; ``region_lookup`` leads to the
    row's region code (the model's scoping lookup by default)."""

    rows: Callable[[dt.date], models.QuerySet]
    measures: tuple[Measure, ...]
    region_lookup: str | None = None


@dataclass
class Counted:
    """What the engine returns for one measure: the total, the split by the next
    level of regions (child code → value) and the monthly values (first day of the
    month → value)."""

    measure: Measure
    total: int | Decimal = 0
    by_region: dict[str, int | Decimal] = field(default_factory=dict)
    by_month: dict[dt.date, int | Decimal] | None = None


def child_length(region_code: str | None) -> int | None:
    """Length of the code prefix of the next level down: provinces of the country
    (2), prefectures of a province (4), counties of a prefecture (6); None for a
    county, which has no level below."""
    if region_code is None:
        return 2
    prefix = region_prefix(region_code)
    return {2: 4, 4: 6}.get(len(prefix))


def child_code(prefix: str) -> str:
    """The full six-digit code of a region-code prefix (51 → 510000)."""
    return prefix.ljust(6, "0")


def months_back(today: dt.date, count: int = MONTHS) -> list[dt.date]:
    """The first days of the last ``count`` months, the current one last."""
    year, month = today.year, today.month
    firsts = []
    for _ in range(count):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _region_lookup(source: Source, queryset: models.QuerySet) -> str:
    return source.region_lookup or queryset.region_lookup


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def count_source(
    source: Source, region_code: str | None, today: dt.date
) -> list[Counted]:
    """Every measure of one source within a region (None: the whole country):
    one query for the split by the next level down, one per month field."""
    rows = source.rows(today)
    lookup = _region_lookup(source, rows)
    if region_code is not None:
        rows = rows.filter(**{f"{lookup}__startswith": region_prefix(region_code)})
    results = {m.key: Counted(measure=m) for m in source.measures}

    length = child_length(region_code) or 6
    values = {m.key: m.value for m in source.measures}
    split = (
        rows.order_by()
        .annotate(_child=Substr(lookup, 1, length))
        .values("_child")
        .annotate(**values)
    )
    for row in split:
        child = child_code(row.pop("_child"))
        for key, value in row.items():
            value = value or 0
            counted = results[key]
            counted.total += value
            if value:
                counted.by_region[child] = counted.by_region.get(child, 0) + value

    # Midnight of the first month, local time: right for dates and datetimes.
    first = timezone.make_aware(dt.datetime.combine(months_back(today)[0], dt.time()))
    by_field: dict[str, dict[str, models.Aggregate]] = {}
    for m in source.measures:
        if m.month_field:
            by_field.setdefault(m.month_field, {})[m.key] = m.monthly or m.value
    for month_field, aggregates in by_field.items():
        series = (
            rows.order_by()
            .filter(**{f"{month_field}__gte": first})
            .annotate(_month=TruncMonth(month_field))
            .values("_month")
            .annotate(**aggregates)
        )
        for key in aggregates:
            results[key].by_month = {}
        for row in series:
            month = _as_date(row.pop("_month"))
            for key, value in row.items():
                if value:
                    results[key].by_month[month] = value
    return [results[m.key] for m in source.measures]
