"""`make bench`: runs every benchmark module in this folder, each in a process of its own
(its own throw-away database and memory), and prints its report."""

import pkgutil
import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    failed = 0
    for name in names:
        print(f"== {name}", flush=True)
        result = subprocess.run(
            [sys.executable, "-W", "ignore", "-c", f"import bench.{name} as b; b.main()"],
            cwd=here.parent,
        )
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
