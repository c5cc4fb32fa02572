"""The heat map at scale: 20,000 services (200 organizations), each with a completed assessment
and one or two client segments.

Reported against a trivial page (the health check) served by the same Django test client in
the same run: the organization view (reads the summary table), the first page of the service
view, the view filtered by a client segment, and its SQL query count.
"""

import os
import random
import time

from bench._django import median, setup

SERVICES = int(os.environ.get("BENCH_HEATMAP_SERVICES", "20000"))
ORGANIZATIONS = 200
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def _build():
    from django.db import transaction

    from assessments.models import Assessment, AttributeScore, ServiceLatest
    from assessments.operations import refresh_summary
    from catalogue.queries import latest_published
    from organizations.models import Organization, User
    from services.models import InventoryCode, Service

    version = latest_published()
    attributes = list(version.attributes.all())
    rng = random.Random(7)
    with transaction.atomic():
        orgs = Organization.objects.bulk_create(
            Organization(slug=f"bench-{i}", name_en=f"Bench Organization {i:03d}", name_fr=f"Organisation {i:03d}", order_of_government="federal")
            for i in range(ORGANIZATIONS)
        )  # fmt: skip
        orgs = list(Organization.objects.filter(slug__startswith="bench-"))
        Service.objects.bulk_create(
            (
                Service(
                    owner=orgs[i % ORGANIZATIONS],
                    name_en=f"Service {i:05d}",
                    name_fr=f"Service {i:05d}",
                )
                for i in range(SERVICES)
            ),
            batch_size=2000,
        )
        services = list(Service.objects.filter(owner__slug__startswith="bench-"))
        segments = list(InventoryCode.objects.in_list("client_segments").order_by("pk"))
        link = Service.client_segments.through
        link.objects.bulk_create(
            (
                link(service_id=s.pk, inventorycode_id=code.pk)
                for i, s in enumerate(services)
                for code in {segments[i % len(segments)], segments[i % 2]}
            ),
            batch_size=5000,
        )
        Assessment.objects.bulk_create(
            (
                Assessment(
                    service=s, catalogue_version=version, cycle="2026-27", status="completed"
                )
                for s in services
            ),
            batch_size=2000,
        )
        assessments = {
            a.service_id: a
            for a in Assessment.objects.filter(cycle="2026-27", service__in=services)
        }
        ServiceLatest.objects.bulk_create(
            (ServiceLatest(service_id=sid, latest=a) for sid, a in assessments.items()),
            batch_size=5000,
        )
        AttributeScore.objects.bulk_create(
            (
                AttributeScore(
                    assessment=a, attribute=attr, current_level=rng.randint(1, 4), target_level=5
                )
                for a in assessments.values()
                for attr in attributes
            ),
            batch_size=5000,
        )
        for org in orgs:
            refresh_summary(org.pk)
        staff = User.objects.create_user(
            email="bench-staff@example.ca", password=None, is_staff=True
        )
    return staff


def _time(client, url):
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return median(timings)


def main() -> None:
    setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    start = time.perf_counter()
    staff = _build()
    print(f"built {SERVICES} services with assessments in {time.perf_counter() - start:.1f} s")
    client = Client()
    client.force_login(staff)
    trivial = _time(client, "/health/")
    aggregate = _time(client, "/en/heat-map/organizations/")
    services = _time(client, "/en/heat-map/")
    sorted_services = _time(client, "/en/heat-map/?sort=overall&dir=desc")
    segment = _time(client, "/en/heat-map/?segment=NGO")
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/heat-map/")
    print(f"  trivial page (health check):         {trivial * 1000:8.1f} ms   1.0x")
    print(
        f"  organizations view ({ORGANIZATIONS} rows):      {aggregate * 1000:8.1f} ms  {aggregate / trivial:5.1f}x"
    )
    print(
        f"  services view, first 100 of {SERVICES}: {services * 1000:8.1f} ms  {services / trivial:5.1f}x"
    )
    print(
        f"  services view sorted by average:     {sorted_services * 1000:8.1f} ms  {sorted_services / trivial:5.1f}x"
    )
    print(
        f"  services view, one client segment:   {segment * 1000:8.1f} ms  {segment / trivial:5.1f}x"
    )
    print(f"  services view: {len(queries.captured_queries)} SQL queries")
