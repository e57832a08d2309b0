"""Demo data of the ground: a population list imported by the rural
revitalization officer of the demo county (called from ``lms.roof.demo``)."""

from __future__ import annotations

import io

from lms.identity import id_check_character
from lms.models import PopulationImport, User
from lms.population import TEMPLATE_HEADINGS
from lms.services import import_population_list
from lms.spreadsheets import csv_bytes

DEMO_LIST_NAME = "锦江区2025年脱贫人口和防返贫监测对象名单.csv"
# name, group, starts on, ends on, birth date and sequence of the ID number
DEMO_ROWS = [
    ("李秀英", "脱贫人口", "2020-12-31", "", "19720305", "212"),
    ("王桂芳", "脱贫人口", "2020-12-31", "", "19681111", "224"),
    ("张建国", "防返贫监测对象", "2023-04-01", "2024-12-31", "19850720", "153"),
    ("刘小梅", "防返贫监测对象", "2025-02-01", "", "19900918", "246"),
]


def _id_number(birth: str, sequence: str) -> str:
    first17 = f"510104{birth}{sequence}"
    return first17 + id_check_character(first17)


def load_demo() -> int:
    """Import the demo county's list once, as its rural officer; return how many
    objects were created (nothing when it was imported before)."""
    officer = User.objects.filter(email="rural@jiangxin.local").first()
    if (
        officer is None
        or PopulationImport.objects.filter(file_name=DEMO_LIST_NAME).exists()
    ):
        return 0
    rows = [TEMPLATE_HEADINGS[:5]] + [
        [_id_number(birth, sequence), name, group, starts, ends]
        for name, group, starts, ends, birth, sequence in DEMO_ROWS
    ]
    report = import_population_list(
        file=io.BytesIO(csv_bytes(rows)), file_name=DEMO_LIST_NAME, by=officer
    )
    if not report.ok:
        raise RuntimeError(f"The demo population list is refused: {report.problems}")
    return 1 + report.record.people_created + report.record.periods_created
