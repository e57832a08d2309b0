from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from inheritors.services import import_ich_items, read_table


class Command(BaseCommand):
    help = (
        "Import ICH items and their listings from an .xlsx or .csv file. Every bad "
        "row is reported; if there is one, nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            with open(path, "rb") as handle:
                rows = read_table(handle, path.name)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        except ValidationError as error:
            raise CommandError(f"{path}: {' '.join(error.messages)}") from error
        report = import_ich_items(rows=rows)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(f"row {error.row}: {error.message}")
            raise CommandError(
                f"{len(report.errors)} problem(s) found; nothing was imported."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.items_created} items and {report.listings_created} "
                f"listings created, {report.listings_updated} listings updated, "
                f"{report.unchanged} rows already on record."
            )
        )
