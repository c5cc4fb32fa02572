"""Import GC Service Inventory files: services, service standards and the code list.

    python manage.py import_service_inventory path/to/gc-service-inventory/
    python manage.py import_service_inventory si_2024.csv ss_2024.csv dd_choices.csv
    python manage.py import_service_inventory --dry-run si_2019.csv ss_2019.csv
    python manage.py import_service_inventory --skip-invalid --rejected rejected.csv si_2019.csv

A folder is read for its CSV files (dd_field_names.csv, a field dictionary, is skipped). Every
file is checked before anything is saved. A problem of a file (encoding, columns, a row that
cannot be read) imports nothing. Rows with a problem of their own are listed with their file,
line and reason; without --skip-invalid they too mean nothing is imported (exit status 1),
with it the valid rows are imported (exit status 0). --dry-run prints what would be created,
updated and rejected, and saves nothing. --rejected writes the rejected rows to a CSV file with
their original columns plus file, line and reason.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from services import inventory

SKIPPED = {"dd_field_names.csv"}
LISTED = 200


def _files(paths: list[str]) -> list[Path]:
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
    return files


def totals(summary: dict) -> tuple[int, int]:
    """(rows created, rows updated) over every kind of row."""
    created = sum(v for k, v in summary.items() if k.endswith("_created"))
    updated = sum(v for k, v in summary.items() if k.endswith("_updated"))
    return created, updated


class Command(BaseCommand):
    help = "Import the GC Service Inventory and service standards (CSV files or a folder of them)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", help="CSV files or folders holding them")
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would change; save nothing"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows and leave the rejected ones out",
        )
        parser.add_argument(
            "--rejected", metavar="PATH", help="write the rejected rows to this CSV file"
        )

    def handle(self, *args: Any, paths: list[str], **options: Any) -> None:
        files = _files(paths)
        self.stdout.write("Reading " + ", ".join(p.name for p in files))
        try:
            parsed = inventory.read_files([(p.name, p.read_bytes()) for p in files])
        except inventory.InventoryFileError as error:
            for problem in error.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(
                f"{len(error.problems)} problem(s) found; nothing was imported."
            ) from None
        self._list_rejected(parsed, options["rejected"])
        if options["dry_run"]:
            self._report("Would change (nothing was saved):", inventory.preview(parsed), parsed)
            return
        if parsed.rejected and not options["skip_invalid"]:
            raise CommandError(
                f"{len(parsed.rejected)} row(s) rejected; nothing was imported. "
                "Correct them, or import the valid rows with --skip-invalid."
            )
        summary = inventory.apply(parsed, skip_invalid=True)
        self._report("Imported:", summary, parsed)

    def _list_rejected(self, parsed: inventory.ParsedInventory, path: str | None) -> None:
        for rejection in parsed.rejected[:LISTED]:
            self.stderr.write(f"  rejected: {rejection}")
        if len(parsed.rejected) > LISTED:
            self.stderr.write(f"  … and {len(parsed.rejected) - LISTED} more rejected row(s)")
        if path:
            Path(path).write_text(inventory.rejected_csv(parsed), encoding="utf-8")
            self.stdout.write(f"{len(parsed.rejected)} rejected row(s) written to {path}")

    def _report(self, title: str, summary: dict, parsed: inventory.ParsedInventory) -> None:
        self.stdout.write(self.style.SUCCESS(title))
        for key, value in summary.items():
            if key != "rows_rejected":
                self.stdout.write(f"  {key.replace('_', ' ')}: {value}")
        created, updated = totals(summary)
        self.stdout.write(
            f"{created} created, {updated} updated, {len(parsed.rejected)} rejected row(s)."
        )
