"""The heat map at portfolio scale: 2,000 then 50,000 services of 200 organizations, each with
a completed assessment (one in five with an earlier one too), client segments and, for one in
ten, service standards with results.

Each view is requested as an ICCS staff member sees it (every service), rendered on every
request (no page is cached), and reported as p50 and p90 against its SQL reference measured in
the same run: the statements that fetch the same rows and cells (the number of services, the
page of services in order, its levels, its standards' results), run on a bare cursor with
every row fetched. The query count of each view is printed beside it.

Targets (issue "Fast by construction"): p50 at most 5x the reference and p90 at most 10x,
at both sizes. BENCH_HEATMAP_SIZES (default "2000,50000") and BENCH_RUNS (default 15) change
the sizes and the number of timed requests.
"""

import os
import random
import time

from bench._django import Figure, ratio_line, setup, timings

SIZES = [int(n) for n in os.environ.get("BENCH_HEATMAP_SIZES", "2000,50000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
ORGANIZATIONS = 200
VIEWS = [
    ("services, by organization and name (page 1)", "/en/heat-map/"),
    ("services, by organization and name (fr)", "/fr/heat-map/"),
    ("services, sorted by average", "/en/heat-map/?sort=overall&dir=desc"),
    ("services, sorted by largest gap", "/en/heat-map/?sort=gap&dir=desc"),
    ("services, sorted by one attribute", "/en/heat-map/?sort=attr:trust"),
    ("services, gap switch", "/en/heat-map/?switch=gap"),
    ("services, change switch", "/en/heat-map/?switch=change"),
    ("services, one client segment", "/en/heat-map/?segment=NGO"),
    ("services, one organization", "/en/heat-map/?organization=bench-007"),
    ("organizations view", "/en/heat-map/organizations/"),
]


def _organizations():
    from organizations.models import Organization

    Organization.objects.bulk_create(
        Organization(slug=f"bench-{i:03d}", name_en=f"Bench Organization {i:03d}", name_fr=f"Organisation {ORGANIZATIONS - i:03d}", order_of_government="federal")
        for i in range(ORGANIZATIONS)
    )  # fmt: skip
    return list(Organization.objects.filter(slug__startswith="bench-").order_by("slug"))


def _services(orgs, start: int, count: int, rng: random.Random):
    from services.models import InventoryCode, Service, ServiceStandard, StandardPerformance

    Service.objects.bulk_create(
        (
            Service(
                owner=orgs[i % ORGANIZATIONS], name_en=f"Service {i:05d}",
                name_fr=f"Service {i:05d}", program_name_en=f"Program {i % 7}",
            )
            for i in range(start, start + count)
        ),
        batch_size=2000,
    )  # fmt: skip
    services = list(Service.objects.order_by("-pk")[:count])
    segments = list(InventoryCode.objects.in_list("client_segments").order_by("pk"))
    link = Service.client_segments.through
    link.objects.bulk_create(
        (
            link(service_id=s.pk, inventorycode_id=code.pk)
            for s in services
            for code in {rng.choice(segments), segments[s.pk % 2]}
        ),
        batch_size=5000,
    )
    standards = ServiceStandard.objects.bulk_create(
        (ServiceStandard(service=s, standard_id="S1", type="TML") for s in services[::10]),
        batch_size=2000,
    )
    StandardPerformance.objects.bulk_create(
        (
            StandardPerformance(standard=st, fiscal_year="2024-2025", target_met=rng.random() < 0.7)
            for st in standards
        ),
        batch_size=5000,
    )
    return services


def _assess(services, rng: random.Random) -> None:
    """A completed assessment for each service (and an earlier one for one in five), with the
    pointers and latest levels the platform keeps on completion."""
    from assessments.models import Assessment, AttributeScore, LatestLevel, ServiceLatest
    from catalogue.queries import latest_published

    version = latest_published()
    attributes = list(version.attributes.all())
    earlier = services[::5]

    def create(cycle, chosen):
        Assessment.objects.bulk_create(
            (Assessment(service=s, catalogue_version=version, cycle=cycle, status="completed") for s in chosen),
            batch_size=2000,
        )  # fmt: skip
        made = {a.service_id: a for a in Assessment.objects.filter(cycle=cycle, service__in=chosen)}
        levels = {
            a.service_id: {attr.key: (rng.randint(1, 4), 5) for attr in attributes}
            for a in made.values()
        }
        AttributeScore.objects.bulk_create(
            (
                AttributeScore(assessment=made[sid], attribute=attr, current_level=levels[sid][attr.key][0], target_level=5)
                for sid in made
                for attr in attributes
            ),
            batch_size=5000,
        )  # fmt: skip
        return made, levels

    before, before_levels = create("2025-26", earlier)
    latest, latest_levels = create("2026-27", services)
    ServiceLatest.objects.bulk_create(
        (
            ServiceLatest(
                service_id=sid, latest=a, previous=before.get(sid), cycle=a.cycle,
                catalogue_version=version,
                average_current=sum(c for c, _t in latest_levels[sid].values()) / len(attributes),
                max_gap=max(t - c for c, t in latest_levels[sid].values()),
                levels={
                    key: [c, t, before_levels.get(sid, {}).get(key, (None,))[0]]
                    for key, (c, t) in latest_levels[sid].items()
                },
            )
            for sid, a in latest.items()
        ),
        batch_size=5000,
    )  # fmt: skip
    LatestLevel.objects.bulk_create(
        (
            LatestLevel(
                service_id=sid, attribute_key=key, current_level=current, target_level=target,
                previous_level=before_levels.get(sid, {}).get(key, (None,))[0],
                average_current=sum(c for c, _t in by_key.values()) / len(by_key),
            )
            for sid, by_key in latest_levels.items()
            for key, (current, target) in by_key.items()
        ),
        batch_size=5000,
    )  # fmt: skip


def _grow(orgs, have: int, want: int, rng: random.Random) -> None:
    from django.db import connection, transaction

    from assessments.operations import refresh_summary

    with transaction.atomic():
        services = _services(orgs, have, want - have, rng)
        _assess(services, rng)
        for org in orgs:
            refresh_summary(org.pk)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _page_sql(client, url: str):
    """The SQL of the page's rows and cells, captured from the view, without the statements
    about the person (session, user), the filter lists and the columns."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    data_tables = (
        "assessments_latestlevel",
        "services_standardperformance",
        "assessments_organizationsummary",
    )
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    wanted = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.startswith("SELECT") and (
            ('FROM "services_service"' in sql and "DISTINCT" not in sql)
            or any(table in sql for table in data_tables)
            or 'FROM "organizations_organization" WHERE "organizations_organization"."id" IN' in sql
        ):
            wanted.append(sql)
    return wanted, len(captured.captured_queries)  # fmt: skip


def _reference(statements: list[str]):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return run


def _measure(client, size: int) -> list[str]:
    lines = []
    for label, url in VIEWS:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        statements, queries = _page_sql(client, url)
        page = Figure(timings(lambda url=url: client.get(url), RUNS))
        reference = Figure(timings(_reference(statements), RUNS))
        within = page.p50 <= 5 * reference.p50 and page.p90 <= 10 * reference.p50
        lines.append(
            ratio_line(
                f"{label}", page, reference,
                f"{queries:2d} queries ({len(statements)} in the reference)"
                + ("" if within else "  ABOVE TARGET"),
            )
        )  # fmt: skip
    return lines


def main() -> None:
    setup()
    from django.test import Client

    from organizations.models import User

    rng = random.Random(7)
    orgs = _organizations()
    staff = User.objects.create_user(email="bench-staff@example.ca", password=None, is_staff=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    have = 0
    for size in SIZES:
        start = time.perf_counter()
        _grow(orgs, have, size, rng)
        have = size
        print(f"{size} services of {ORGANIZATIONS} organizations, built in {time.perf_counter() - start:.0f} s; "
              f"{RUNS} requests a view, rendered each time; ratios to the SQL reference's p50:", flush=True)  # fmt: skip
        for line in _measure(client, size):
            print(line, flush=True)


if __name__ == "__main__":
    main()
