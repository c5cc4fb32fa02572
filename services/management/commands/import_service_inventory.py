"""Import GC Service Inventory files: services, service standards and the code list.

    python manage.py import_service_inventory path/to/gc-service-inventory/
    python manage.py import_service_inventory si_2024.csv ss_2024.csv dd_choices.csv

A folder is read for its CSV files (dd_field_names.csv, a field dictionary, is
skipped). All files are checked before anything is saved; with any problem,
nothing is imported and every problem is printed with its file and line.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from services import inventory

SKIPPED = {"dd_field_names.csv"}


class Command(BaseCommand):
    help = "Import the GC Service Inventory and service standards (CSV files or a folder of them)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", help="CSV files or folders holding them")

    def handle(self, *args: Any, paths: list[str], **options: Any) -> None:
        files: list[Path] = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files.extend(p for p in sorted(path.glob("*.csv")) if p.name not in SKIPPED)
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{path} does not exist.")
        if not files:
            raise CommandError("No CSV files to import.")
        self.stdout.write("Reading " + ", ".join(p.name for p in files))
        try:
            parsed = inventory.read_files([(p.name, p.read_bytes()) for p in files])
        except inventory.InventoryFileError as error:
            for problem in error.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(
                f"{len(error.problems)} problem(s) found; nothing was imported."
            ) from None
        summary = inventory.apply(parsed)
        self.stdout.write(self.style.SUCCESS("Imported:"))
        for key, value in summary.items():
            self.stdout.write(f"  {key.replace('_', ' ')}: {value}")
