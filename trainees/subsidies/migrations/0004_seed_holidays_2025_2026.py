"""The national working-day calendar for 2025 and 2026.

2025: the State Council General Office's notice on the 2025 holiday arrangements
(国务院办公厅关于2025年部分节假日安排的通知, published November 2024), in full: every
day off of each holiday (weekends inside a holiday included, which changes nothing)
and the weekend days worked in exchange (调休上班).

2026: the notice on the 2026 arrangements (国务院办公厅关于2026年部分节假日安排的通知)
was not at hand when this was written, so only the days fixed by the holiday rules
themselves (全国年节及纪念日放假办法, as revised in 2024) and the lunar calendar are
here: 元旦 1 January; 春节 from 除夕 to 初三, 16–19 February; 清明 5 April (a Sunday)
with the weekend and the Monday after it in lieu; 劳动节 1–2 May; 端午 19 June and
中秋 25 September (Fridays) with their weekends; 国庆 1–3 October. The weekdays the
notice gives in lieu of 2 May and 3 October (both Saturdays), its longer breaks and
its weekend days worked are NOT here: HR staff enter them in the admin (Subsidies ›
Working-day calendar) from the notice.

Keeping the table up to date is a yearly task: each year, when the State Council
publishes the next year's notice (usually in November or December), a province's HR
officer enters its days. A year missing from the table counts Monday to Friday only.
"""

import datetime as dt

from django.db import migrations

HOLIDAY, WORKDAY = "holiday", "workday"

# (first day, last day, kind, name)
ARRANGEMENTS = [
    ("2025-01-01", "2025-01-01", HOLIDAY, "元旦"),
    ("2025-01-26", "2025-01-26", WORKDAY, "春节调休上班"),
    ("2025-01-28", "2025-02-04", HOLIDAY, "春节"),
    ("2025-02-08", "2025-02-08", WORKDAY, "春节调休上班"),
    ("2025-04-04", "2025-04-06", HOLIDAY, "清明节"),
    ("2025-04-27", "2025-04-27", WORKDAY, "劳动节调休上班"),
    ("2025-05-01", "2025-05-05", HOLIDAY, "劳动节"),
    ("2025-05-31", "2025-06-02", HOLIDAY, "端午节"),
    ("2025-09-28", "2025-09-28", WORKDAY, "国庆节调休上班"),
    ("2025-10-01", "2025-10-08", HOLIDAY, "国庆节、中秋节"),
    ("2025-10-11", "2025-10-11", WORKDAY, "国庆节调休上班"),
    ("2026-01-01", "2026-01-01", HOLIDAY, "元旦"),
    ("2026-02-16", "2026-02-19", HOLIDAY, "春节"),
    ("2026-04-04", "2026-04-06", HOLIDAY, "清明节"),
    ("2026-05-01", "2026-05-02", HOLIDAY, "劳动节"),
    ("2026-06-19", "2026-06-21", HOLIDAY, "端午节"),
    ("2026-09-25", "2026-09-27", HOLIDAY, "中秋节"),
    ("2026-10-01", "2026-10-03", HOLIDAY, "国庆节"),
]


def days():
    for first, last, kind, name in ARRANGEMENTS:
        day, last = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        while day <= last:
            yield day, kind, name
            day += dt.timedelta(days=1)


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("subsidies", "CalendarDay")
    for day, kind, name in days():
        CalendarDay.objects.update_or_create(
            date=day, defaults={"kind": kind, "name": name}
        )


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("subsidies", "CalendarDay")
    CalendarDay.objects.filter(date__in=[day for day, _, _ in days()]).delete()


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0003_calendar_and_evidence_archives")]

    operations = [migrations.RunPython(seed, unseed)]
