"""Write the API's OpenAPI document to ``api/openapi.json`` (committed, so that
every change of the API shows in review; a test fails when it is stale)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "openapi.json"


def schema_text() -> str:
    from api.main import api

    return json.dumps(api.get_openapi_schema(), ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = "Regenerate api/openapi.json from the code (or --check that it is current)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Fail if the file is stale."
        )

    def handle(self, *args, check=False, **options):
        text = schema_text()
        if check:
            if not SCHEMA_PATH.exists() or SCHEMA_PATH.read_text() != text:
                raise SystemExit("api/openapi.json is stale: run manage.py api_schema")
            self.stdout.write("api/openapi.json is current")
            return
        SCHEMA_PATH.write_text(text)
        self.stdout.write(f"wrote {SCHEMA_PATH}")
