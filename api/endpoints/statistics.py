"""A region's statistics, as its dashboard shows them (``reporting.figures``): each
figure's total, its split by the regions one level down and its monthly line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Path, Router, Schema

from api.endpoints.common import READ_ERRORS, errors
from lms import policy
from reporting.figures import region_dashboard

router = Router(tags=["statistics"])

Number = int | float | Decimal


class RegionValue(Schema):
    code: str
    name: str
    value: Number


class MonthValue(Schema):
    month: dt.date
    value: Number


class FigureOut(Schema):
    key: str
    label: str
    unit: str
    total: Number
    by_region: list[RegionValue]
    by_month: list[MonthValue] | None


class SectionOut(Schema):
    key: str
    title: str
    figures: list[FigureOut]


class StatisticsOut(Schema):
    """The figures of a region (its code, or `national`) as of `today`."""

    region: str
    name: str
    today: dt.date
    sections: list[SectionOut]


@router.get(
    "/statistics/{code}",
    response={200: StatisticsOut, **errors(*READ_ERRORS)},
    summary="A region's dashboard figures",
)
def region_statistics(request, code: str = Path(..., pattern=r"^([0-9]{6}|national)$")):
    """The dashboard's figures of a region the caller may read: an officer's own
    region or one below it, any for a superuser (`national` for the whole
    country). Another region is 404, as everywhere in the API."""
    region_code = None if code == "national" else code
    if not policy.may_read_region_figures(request.auth, region_code):
        raise Http404
    dashboard = region_dashboard(region_code, today=timezone.localdate())
    if region_code is not None and dashboard.region is None:
        raise Http404
    names = dashboard.children
    return {
        "region": code,
        "name": dashboard.region.name
        if dashboard.region
        else gettext("The whole country"),
        "today": dashboard.today,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "figures": [
                    {
                        "key": figure.key,
                        "label": figure.label,
                        "unit": figure.unit,
                        "total": figure.total,
                        "by_region": [
                            {"code": c, "name": names.get(c, c), "value": v}
                            for c, v in figure.by_region
                        ],
                        "by_month": None
                        if figure.by_month is None
                        else [{"month": m, "value": v} for m, v in figure.by_month],
                    }
                    for figure in section.figures
                ],
            }
            for section in dashboard.sections
        ],
    }
