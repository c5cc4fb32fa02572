"""Full assessment report (12 attributes, 3 personas with journeys, 20 opportunities) against
WeasyPrint rendering a plain HTML document of the same page count, in the same run.

Target: a ratio of at most 1.5.
"""

import os
import time
from datetime import date

from bench._django import median, setup

RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def _scene():
    from assessments import operations
    from improvements import operations as ops
    from organizations.models import Membership, Organization, User
    from personas.models import JourneyStage, Persona
    from services.models import Service

    org = Organization.objects.create(
        slug="bench-org",
        name_en="Bench Agency",
        name_fr="Agence banc",
        order_of_government="federal",
    )
    manager = User.objects.create_user(email="bench@example.ca", password=None)
    Membership.objects.create(user=manager, organization=org, role="manager")
    service = Service.objects.create(
        owner=org, name_en="Disaster Financial Assistance", name_fr="Aide financière"
    )
    for p in range(3):
        persona = Persona.objects.create(
            service=service,
            name=f"Persona {p}",
            segment="seniors",
            goals="Get home",
            pain_points="Forms",
        )
        for s in range(5):
            JourneyStage.objects.create(
                persona=persona,
                order=s,
                name=f"Stage {s}",
                actions="Does things " * 8,
                sentiment=(s % 5) - 2,
                organization=org,
            )
    assessment = operations.assessment_start(service=service, cycle="2026-27", user=manager)
    for n, score in enumerate(assessment.scores.all()):
        operations.score_save(
            score=score, user=manager, version=0, current_level=1 + n % 3, target_level=4,
            rationale="What people told us. " * 12, evidence="https://example.ca/report Report\nInterviews",
            confidence="medium",
        )  # fmt: skip
    for i in range(20):
        ops.opportunity_create(
            assessment=assessment, user=manager, title=f"Opportunity {i}", levers=[["skills"], ["policy"], ["technology"]][i % 3],
            impact=1 + i % 5, effort=1 + (i * 2) % 5, target_date=date(2026, 4 + i % 9, 1), owner_organization=org,
        )  # fmt: skip
    return assessment


def main() -> None:
    setup()
    from reports.pdf import html_to_pdf

    assessment = _scene()
    html_to_pdf("<p>warm up</p>")  # import WeasyPrint once, outside the timings

    report(assessment, "full report")
    # The same report with long fields: every persona's needs, goals and pain points, every
    # rationale and evidence and every opportunity's description 1,500 words long, some
    # 200 pages. Its profiles once took half a minute, laid out as a CSS grid.
    words = " ".join(f"word{i}" for i in range(1500))
    assessment.scores.update(rationale=words, evidence=words)
    assessment.service.personas.update(needs=words, goals=words, pain_points=words)
    assessment.opportunities.update(description=words)
    report(assessment, "report with long fields", runs=max(RUNS // 2, 1))


def report(assessment, label: str, runs: int = RUNS) -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    from reports.content import assessment_report
    from reports.pdf import html_to_pdf

    def full():
        with translation.override("en"):
            html = render_to_string("reports/pdf/assessment.html", assessment_report(assessment))
            return html_to_pdf(html)

    timings, pages = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        _pdf, pages = full()
        timings.append(time.perf_counter() - start)

    # The baseline: plain pages as full as the report's (same body font size), each a
    # heading, paragraphs and a small table, with no styling, for the same number of pages.
    plain = "".join(
        f"<h2>Page {n}</h2>" + "<p>" + "Plain text for the baseline document. " * 50 + "</p>"
        + "<p>" + "A second paragraph of plain text. " * 40 + "</p>"
        + "<table>" + "".join(f"<tr><td>{r}</td><td>cell</td><td>value</td></tr>" for r in range(8)) + "</table>"
        + '<div style="page-break-after: always"></div>'
        for n in range(pages)
    )  # fmt: skip
    plain = (
        f"<html><head><style>body {{ font-size: 10pt; }}</style></head><body>{plain}</body></html>"
    )
    baseline = []
    for _ in range(runs):
        start = time.perf_counter()
        _pdf, plain_pages = html_to_pdf(plain)
        baseline.append(time.perf_counter() - start)
    b, f = median(baseline), median(timings)
    print(f"{label}: {pages} pages, median of {runs}: {f * 1000:.0f} ms")
    print(f"plain document: {plain_pages} pages, median of {runs}: {b * 1000:.0f} ms")
    print(f"ratio {label} / plain: {f / b:.2f} (target: at most 1.50)")
