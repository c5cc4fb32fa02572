"""Full GC Service Inventory import, against reading the same CSV files in the same run.

Baseline: csv.DictReader over si_2024.csv and ss_2024.csv (the floor for any
importer). Measured: checking every row (read_files); the preview a person sees
before importing (read_files, then preview: the import run in full and rolled
back); the first import into an empty database, reading included; and a second
import of the same files (nothing to change). Each is the median of several
runs, each first import rolled back.
"""

import csv
import io
import os
import time
from pathlib import Path

from bench._django import ROOT, median, setup

DATA = Path(
    os.environ.get("INVENTORY_DATA", ROOT.parent / "shared" / "data" / "gc-service-inventory")
)
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def _timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    names = ["si_2024.csv", "ss_2024.csv", "dd_choices.csv"]
    if not all((DATA / n).exists() for n in names):
        print(f"skipped: the inventory files are not in {DATA} (set INVENTORY_DATA)")
        return
    setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from services import inventory

    files = [(n, (DATA / n).read_bytes()) for n in names]

    def baseline():
        rows = 0
        for _name, raw in files[:2]:
            rows += sum(1 for _ in csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        return rows

    base = [_timed(baseline)[0] for _ in range(RUNS)]
    rows = baseline()
    check = [_timed(lambda: inventory.read_files(files))[0] for _ in range(RUNS)]
    preview = [
        _timed(lambda: inventory.preview(inventory.read_files(files)))[0] for _ in range(RUNS)
    ]
    parsed = inventory.read_files(files)

    first, queries = [], 0
    for _ in range(RUNS):
        with transaction.atomic():
            with CaptureQueriesContext(connection) as captured:
                elapsed, summary = _timed(lambda: inventory.apply(inventory.read_files(files)))
            first.append(elapsed)
            queries = len(captured.captured_queries)
            transaction.set_rollback(True)
    inventory.apply(parsed)
    second = []
    for _ in range(RUNS):
        elapsed, again = _timed(lambda: inventory.apply(inventory.read_files(files)))
        second.append(elapsed)

    b = median(base)
    print(f"database: {connection.vendor}; {rows} CSV rows; median of {RUNS} runs")
    print(f"  baseline, csv.DictReader over both files: {b * 1000:8.1f} ms   1.00x")
    for label, values in (
        ("check every row (read_files)", check),
        ("preview, read + what would change", preview),
        ("first import, read + apply", first),
        ("second import, read + apply", second),
    ):
        m = median(values)
        print(f"  {label:<40} {m * 1000:8.1f} ms  {m / b:5.2f}x")
    print(f"  first import: {queries} SQL queries for {rows} rows; created {summary}")
    print(f"  second import changed: {sum(again.values())} rows")
