"""Demo data of the region's statistics for ``make run`` (called from
``lms.roof.demo``): workshops across the province for the dashboards, then the demo
county's accepted statistics report. Idempotent."""

from reporting.dashboard import demo as dashboard_demo
from reporting.reports import demo as reports_demo


def load_demo() -> int:
    return dashboard_demo.load_demo() + reports_demo.load_demo()
