"""The frozen table of a report: one row per division one level down (the totals
of its accepted report), a row for what the region holds directly (counted live),
and the totals. What was submitted can be shown again exactly from it alone."""

from __future__ import annotations

import datetime as dt

from lms.models import Region
from reporting.models import ReportState, StatisticsReport
from reporting.reports.figures import live_figures
from reporting.reports.layout import add_figures, empty_figures, layout_of_snapshot
from reporting.reports.periods import Period

SNAPSHOT_LAYOUT = 1


def child_regions(region: Region):
    """The divisions one level down that report to ``region``."""
    return Region.objects.filter(parent=region, retired=False).order_by("code")


def build_snapshot(region: Region, period: Period, *, now: dt.datetime) -> dict:
    """The report's table as of now: the accepted reports of the divisions below
    (a division without one is listed, marked, and counts nothing) plus the
    region's direct holdings."""
    children = list(child_regions(region))
    accepted = {
        report.region_id: report
        for report in StatisticsReport.objects.for_period(period).filter(
            region__in=children, state=ReportState.ACCEPTED
        )
    }
    rows, totals = [], empty_figures()
    for child in children:
        report = accepted.get(child.code)
        figures = report.snapshot["totals"] if report else empty_figures()
        rows.append(
            {
                "code": child.code,
                "name": child.name,
                "kind": "unit",
                "report": report.pk if report else None,
                "accepted_at": report.decided_at.isoformat() if report else None,
                "figures": figures,
            }
        )
        totals = add_figures(totals, figures)
    own = live_figures(region.code, period, direct_only=True).get(
        region.code, empty_figures()
    )
    rows.append(
        {
            "code": region.code,
            "name": f"{region.name}（本级）" if children else region.name,
            "kind": "own",
            "report": None,
            "accepted_at": None,
            "figures": own,
        }
    )
    totals = add_figures(totals, own)
    return {
        "layout": SNAPSHOT_LAYOUT,
        "region": {"code": region.code, "name": region.name},
        "period": {
            "year": period.year,
            "quarter": period.quarter,
            "label": period.chinese_label,
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
        },
        "generated_at": now.isoformat(),
        "tables": layout_of_snapshot(),
        "rows": rows,
        "totals": totals,
        "missing": [
            row["code"] for row in rows if row["kind"] == "unit" and not row["report"]
        ],
    }


def table_rows(snapshot: dict, table_key: str) -> list[dict]:
    """One table of a snapshot as rows to print: code, name, the values in column
    order, and whether the division's report is missing; the totals last."""
    table = next(t for t in snapshot["tables"] if t["key"] == table_key)
    keys = [column["key"] for column in table["columns"]]
    printed = [
        {
            "code": row["code"],
            "name": row["name"],
            "values": [row["figures"][table_key][key] for key in keys],
            "missing": row["kind"] == "unit" and not row["report"],
        }
        for row in snapshot["rows"]
    ]
    printed.append(
        {
            "code": "",
            "name": "合计",
            "values": [snapshot["totals"][table_key][key] for key in keys],
            "missing": False,
            "total": True,
        }
    )
    return printed
