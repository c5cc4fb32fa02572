"""Set up Django for a benchmark on a throw-away database (SQLite unless DATABASE_URL is set)."""

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    import django

    if not os.environ.get("DATABASE_URL"):
        folder = tempfile.mkdtemp(prefix="ccsmm-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccsmm.settings.local")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
