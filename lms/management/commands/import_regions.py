from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.services import BUNDLED_REGIONS, import_regions_from_csv


class Command(BaseCommand):
    help = (
        "Import GB/T 2260 division codes from a CSV file with the columns code, name "
        "and optionally name_en and retired. Bad rows are listed; nothing is imported "
        "unless every row is good."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", nargs="?", type=Path, default=BUNDLED_REGIONS)

    def handle(self, *args, csv_file: Path, **options):
        if not csv_file.is_file():
            raise CommandError(f"No such file: {csv_file}")
        result = import_regions_from_csv(csv_file)
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(result.errors)} bad rows in {csv_file}; nothing was imported."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
