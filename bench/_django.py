"""What every benchmark shares: a throw-away database, timings as p50 and p90, and reports
that print each figure beside its reference from the same run.

With DATABASE_URL pointing at PostgreSQL (the production database), a benchmark creates a
database of its own on that server and drops it at the end; without it, a throw-away SQLite
file. Either way the report says which.
"""

import atexit
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _temporary_postgresql(url: str) -> str:
    """A new database on the server of ``url``; dropped when the benchmark ends."""
    import dj_database_url
    import psycopg

    settings = dj_database_url.parse(url)
    name = f"ccsmm_bench_{uuid.uuid4().hex[:8]}"
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"] or "postgres",
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(**server) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    return url.rsplit("/", 1)[0] + "/" + name


def setup() -> str:
    """Set up Django on a throw-away database; return what the report should say of it."""
    import django

    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = _temporary_postgresql(url)
        database = "PostgreSQL (a database of its own on the DATABASE_URL server)"
    else:
        folder = tempfile.mkdtemp(prefix="ccsmm-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        database = (
            "SQLite (a throw-away file; set DATABASE_URL for PostgreSQL, the production database)"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccsmm.settings.local")
    os.environ["DJANGO_DEBUG"] = "false"
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    print(f"database: {database}", flush=True)
    return database


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return percentile(values, 0.5)


def timings(action: Callable[[], object], runs: int, warmup: int = 2) -> list[float]:
    """Seconds each run of ``action`` took, after a few runs that warm it up."""
    for _ in range(warmup):
        action()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        out.append(time.perf_counter() - start)
    return out


class Figure:
    """p50 and p90 of some timings, in milliseconds."""

    def __init__(self, values: list[float]) -> None:
        self.p50 = percentile(values, 0.5) * 1000
        self.p90 = percentile(values, 0.9) * 1000


def ratio_line(label: str, measured: Figure, reference: Figure, note: str = "") -> str:
    """One line of a report: the figure, its reference, and the ratios of the figure's p50 and
    p90 to the reference's p50 (its typical time)."""
    return (
        f"  {label:<46} p50 {measured.p50:7.1f} ms  p90 {measured.p90:7.1f} ms"
        f" | reference p50 {reference.p50:6.1f} ms  p90 {reference.p90:6.1f} ms"
        f" | p50 {measured.p50 / reference.p50:4.1f}x  p90 {measured.p90 / reference.p50:4.1f}x"
        + (f"  {note}" if note else "")
    )
