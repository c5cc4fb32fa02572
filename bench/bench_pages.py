"""Every page a signed-in person reaches, rendered on every request, at demo scale.

The demo data is loaded, a service manager of the provincial demo organization (who has
services, personas, assessments, opportunities and reports to see) signs in, and the pages
are found by following links from the home page, one page of each kind. Each is requested
BENCH_RUNS times (default 30) by Django's test client, and its server time is reported as p50
and p90 against a trivial view (the health check) measured in the same run, with its query
count. Target (issue "Fast by construction"): every page's p50 at most 4x the trivial view's.
"""

import io
import os

from bench._crawl import crawl
from bench._django import Figure, setup, timings

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
TARGET = 4.0


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured.captured_queries)


def main() -> None:
    setup()
    from django.core.management import call_command
    from django.test import Client

    from organizations.models import User

    call_command("load_demo_data", verbosity=0, stdout=io.StringIO())
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email="provincial@example.ca"))
    pages = crawl(client, "/en/") + [
        (f"{name} (fr)", path) for name, path in crawl(client, "/fr/", limit=6)
    ]
    before = timings(lambda: client.get("/health/"), RUNS)
    figures = [
        (name, path, Figure(timings(lambda p=path: client.get(p), RUNS))) for name, path in pages
    ]
    trivial = Figure(before + timings(lambda: client.get("/health/"), RUNS))
    print(
        f"{len(pages)} pages found by following links as provincial@example.ca; {RUNS} requests "
        f"each; trivial view (health check) p50 {trivial.p50:.2f} ms, p90 {trivial.p90:.2f} ms",
        flush=True,
    )
    above = 0
    for name, path, figure in sorted(figures, key=lambda f: -f[2].p50):
        ratio = figure.p50 / trivial.p50
        above += ratio > TARGET
        print(
            f"  {name:<36} p50 {figure.p50:6.1f} ms  p90 {figure.p90:6.1f} ms  {ratio:5.1f}x"
            f"  {_queries(client, path):3d} queries  {path}" + ("  ABOVE TARGET" if ratio > TARGET else ""),
            flush=True,
        )  # fmt: skip
    print(f"  {len(pages) - above} of {len(pages)} pages within {TARGET:.0f}x the trivial view")


if __name__ == "__main__":
    main()
