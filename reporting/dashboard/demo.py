"""Demo rows for the region dashboards: workshops in other counties and
prefectures of Sichuan, so that the province's bars rank more than one
prefecture and every workshop figure (identified, in the project library,
cancelled, overdue, employment) has a number. Idempotent."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from inheritors.models import Workshop, WorkshopEmployment
from inheritors.services import (
    cancel_workshop,
    enter_project_library,
    identify_workshop,
    record_workshop_application,
    register_workshop_leader,
)
from lms.identity import id_check_character
from lms.models import Region, User

SHANGHAI = ZoneInfo("Asia/Shanghai")

# (name, county, leader, birth date and sequence of the leader's ID number,
#  months before today it was identified, library entered?, cancelled?,
#  people employed, of them lifted out of poverty, monitoring targets)
WORKSHOPS = [
    ("旌阳年画非遗工坊", "510603", "赵德明", "19700412321", 3, True, False, 24, 8, 2),
    ("绵竹木版年画工坊", "510683", "孙玉兰", "19750817342", 7, False, False, 15, 6, 1),
    ("涪城羌绣非遗工坊", "510703", "周阿依", "19820223364", 11, True, False, 41, 15, 5),
    ("涪城竹编工坊", "510703", "吴志强", "19680930317", 16, False, True, 9, 2, 0),
    ("青羊漆艺工坊", "510105", "郑雪梅", "19790105326", 30, False, False, 12, 3, 1),
]


def _id_number(county: str, rest: str) -> str:
    first17 = county + rest
    return first17 + id_check_character(first17)


def load_demo() -> int:
    """Create the dashboard's extra demo workshops; return how many were created
    (none on a second run)."""
    officer = User.objects.filter(email="province@jiangxin.local").first()
    today = timezone.localdate()
    created = 0
    for (
        name,
        county,
        leader_name,
        rest,
        months_ago,
        library,
        cancelled,
        employed,
        poor,
        monitored,
    ) in WORKSHOPS:
        if Workshop.objects.filter(name=name).exists():
            continue
        region = Region.objects.get(code=county)
        leader = register_workshop_leader(
            real_name=leader_name, id_number=_id_number(county, rest), region=region
        )
        identified_on = today - dt.timedelta(days=30 * months_ago)
        workshop = Workshop.objects.create(
            name=name,
            region=region,
            entity_type=Workshop.EntityType.INDIVIDUAL,
            leader=leader,
            craft=name.removesuffix("工坊").removesuffix("非遗"),
            address=f"{region.name}示范街 1 号",
            applied_on=identified_on - dt.timedelta(days=40),
        )
        record_workshop_application(workshop=workshop, user=officer)
        identify_workshop(
            workshop=workshop,
            user=officer,
            identified_on=identified_on,
            hr_opinion="同意认定。",
            rural_opinion="同意认定。",
        )
        if library:
            enter_project_library(
                workshop=workshop,
                user=officer,
                entered_on=identified_on + dt.timedelta(days=20),
                library_number=f"DEMO-{county}-{months_ago:02d}",
            )
        WorkshopEmployment.objects.create(
            workshop=workshop,
            year=today.year - 1,
            employed=employed,
            poverty_alleviated=poor,
            monitoring_targets=monitored,
        )
        if cancelled:
            cancel_workshop(
                workshop=workshop, user=officer, reason="工坊停业，经核实取消资格。"
            )
        created += 1
    return created
