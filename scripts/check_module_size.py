"""Fail when a Python module of the project is over the size limit (600 lines).

Split a module by sub-domain before it passes the limit (a ``models/`` or ``views/`` package).
Migrations, which are generated, are not counted.
"""

import subprocess
import sys
from pathlib import Path

LIMIT = 600


def tracked_python_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [Path(name) for name in listed if "/migrations/" not in name and Path(name).exists()]


def main() -> int:
    too_long = []
    for path in tracked_python_files():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LIMIT:
            too_long.append(f"{path}: {lines} lines (the limit is {LIMIT})")
    for line in too_long:
        print(line)
    return 1 if too_long else 0


if __name__ == "__main__":
    sys.exit(main())
