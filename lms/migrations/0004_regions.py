"""The bundled GB/T 2260 codes: all 34 provincial-level divisions, and every
prefecture and county of Sichuan (51) and Guizhou (52)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "regions.csv"


def load_regions(apps, schema_editor):
    Region = apps.get_model("lms", "Region")
    with open(DATA, newline="", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: row["code"])
    codes = {row["code"] for row in rows}
    regions = []
    for row in rows:
        code = row["code"]
        parent = None
        if row["level"] == "county" and code[:4] + "00" in codes:
            parent = code[:4] + "00"
        elif row["level"] != "province":
            parent = code[:2] + "0000"
        regions.append(
            Region(code=code, name=row["name"], name_en=row["name_en"],
                   level=row["level"], parent_id=parent)
        )
    Region.objects.bulk_create(regions, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("lms", "0003_roles")]

    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
