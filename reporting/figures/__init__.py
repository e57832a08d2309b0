"""A region's figures at a glance (一张图看全域): pure query functions, one region
in (None for the whole country), numbers out. Who may read which region is the
access policy's question (``lms.policy.may_read_region_figures``), not theirs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from lms.models import Region
from lms.scoping import region_prefix
from reporting.figures import sections
from reporting.figures.engine import (
    Counted,
    Link,
    Measure,
    Source,
    child_code,
    child_length,
    count_source,
    months_back,
)
from trainees.subsidies.calendar import WorkingCalendar
from trainees.subsidies.models import Claim, RegionRules

__all__ = ["Dashboard", "Figure", "Section", "region_dashboard"]


@dataclass
class Figure:
    """One number with its split by the next level of regions, ranked, and its
    line over the last 24 months (None: a state of today, without a line)."""

    key: str
    label: str
    total: int | Decimal | float
    link: Link | None
    unit: str = ""
    by_region: list[tuple[str, int | Decimal | float]] = field(default_factory=list)
    by_month: list[tuple[dt.date, int | Decimal | float]] | None = None


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


@dataclass
class Dashboard:
    """The figures of one region (None: the country) as of ``today``; ``children``
    names the regions of the next level down that hold any number (code → name)."""

    region: Region | None
    today: dt.date
    sections: list[Section]
    children: dict[str, str]
    months: list[dt.date]

    def figure(self, key: str) -> Figure:
        for section in self.sections:
            for figure in section.figures:
                if figure.key == key:
                    return figure
        raise KeyError(key)


def _scaled(value, unit: str):
    if unit == "hours":
        return round(float(value) / sections.SECONDS_PER_HOUR, 1)
    return value


def _figure(counted: Counted, months: list[dt.date]) -> Figure:
    m: Measure = counted.measure
    ranked = sorted(counted.by_region.items(), key=lambda item: (-item[1], item[0]))
    return Figure(
        key=m.key,
        label=str(m.label),
        total=_scaled(counted.total, m.unit),
        link=m.link,
        unit=m.unit,
        by_region=[(code, _scaled(value, m.unit)) for code, value in ranked],
        by_month=None
        if counted.by_month is None
        else [
            (month, _scaled(counted.by_month.get(month, 0), m.unit)) for month in months
        ],
    )


def _distinct_totals(
    sources: tuple[Source, ...], region_code: str | None, today: dt.date
) -> dict[str, int]:
    """Measures that count distinct people are totalled on their own: a trainee
    on courses of two counties is one trainee of the prefecture."""
    totals = {}
    for source in sources:
        wanted = {m.key: m.value for m in source.measures if m.unit == "distinct"}
        if not wanted:
            continue
        rows = source.rows(today)
        if region_code is not None:
            lookup = source.region_lookup or rows.region_lookup
            rows = rows.filter(**{f"{lookup}__startswith": region_prefix(region_code)})
        totals.update(rows.aggregate(**wanted))
    return totals


def _review_deadlines(region_code: str | None, today: dt.date) -> list[Counted]:
    """Claims awaiting review within and past the review deadline in working days
    (each region's rules, the national calendar): one query for the claims grouped
    by county and day of submission, one for the calendar, one for the rules."""
    claims = Claim.objects.awaiting_review()
    if region_code is not None:
        claims = claims.filter(
            course__region__code__startswith=region_prefix(region_code)
        )
    rows = list(
        claims.order_by()
        .annotate(day=TruncDate("submitted_at"))
        .values("course__region_id", "day")
        .annotate(n=Count("pk"))
    )
    within = Counted(
        measure=Measure(
            "review_within",
            _("Awaiting review, within the deadline"),
            Count("pk"),
            Link("subsidy-claims:index", {"review": "within"}),
        )
    )
    overdue = Counted(
        measure=Measure(
            "review_overdue",
            _("Awaiting review, past the deadline"),
            Count("pk"),
            Link("subsidy-claims:index", {"review": "overdue"}),
        )
    )
    if not rows:
        return [within, overdue]
    calendar = WorkingCalendar.between(min(row["day"] for row in rows), today)
    rules = RegionRules.for_regions(list({row["course__region_id"] for row in rows}))
    length = child_length(region_code) or 6
    for row in rows:
        age = calendar.working_days_between(row["day"], today)
        limit = rules[row["course__region_id"]].review_working_days
        counted = overdue if age > limit else within
        child = child_code(row["course__region_id"][:length])
        counted.total += row["n"]
        counted.by_region[child] = counted.by_region.get(child, 0) + row["n"]
    return [within, overdue]


SECTIONS: list[tuple[str, str, Callable[[dt.date], tuple[Source, ...]]]] = [
    ("workshops", _("Workshops (非遗工坊)"), lambda today: sections.WORKSHOPS),
    ("training", _("Training"), lambda today: sections.TRAINING),
    (
        "subsidies",
        _("Subsidies"),
        lambda today: (*sections.SUBSIDIES, sections.subsidy_events(today)),
    ),
    (
        "heritage",
        _("Inheritors and studios, competitions"),
        lambda today: sections.HERITAGE,
    ),
]


def region_dashboard(
    region_code: str | None,
    *,
    today: dt.date,
    only: Iterable[str] | None = None,
) -> Dashboard:
    """Every figure of a region (None: the whole country), each split by the next
    level of regions down and, where it has a date, by month over 24 months; only
    the sections named in ``only`` if given. The number of queries does not depend
    on the number of regions or rows."""
    months = months_back(today)
    built = []
    seen_children: set[str] = set()
    wanted = set(only) if only is not None else None
    for key, title, sources_of in SECTIONS:
        if wanted is not None and key not in wanted:
            continue
        sources = sources_of(today)
        counted = [c for s in sources for c in count_source(s, region_code, today)]
        if key == "subsidies":
            counted += _review_deadlines(region_code, today)
        distinct = _distinct_totals(sources, region_code, today)
        for c in counted:
            if c.measure.key in distinct:
                c.total = distinct[c.measure.key] or 0
            seen_children.update(c.by_region)
        built.append(Section(key, str(title), [_figure(c, months) for c in counted]))
    region = Region.objects.filter(code=region_code).first() if region_code else None
    names = dict(
        Region.objects.filter(code__in=seen_children).values_list("code", "name")
    )
    if region is not None:
        names[region.code] = str(_("%(name)s (itself)") % {"name": region.name})
    children = {code: names.get(code, code) for code in sorted(seen_children)}
    return Dashboard(region, today, built, children, months)
