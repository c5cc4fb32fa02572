"""The portfolio heat map: services by attribute, and organizations by attribute.

Reads are a fixed number of queries whatever the number of services: the
page of services with their latest and previous completed assessments (one
query through ServiceLatest), the scores of those assessments (two queries),
the standards' results (one query), the attribute columns and the filter
lists. Cells are prepared here, in Python, so the template's inner loop is a
single tag.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import TypedDict

from django.core.paginator import Page, Paginator
from django.db.models import Avg, F, Max, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from assessments.models import Assessment, AttributeScore, OrganizationSummary, ServiceLatest
from catalogue import queries as catalogue_queries
from catalogue.models import Attribute, CatalogueVersion
from core.bilingual import localized_order
from organizations.access import Person
from organizations.models import Organization
from services.access import services_for_user
from services.models import Service, StandardPerformance

from .display import PAGE_SIZE, Display

# {attribute key: (current level, target level)} of one assessment.
Levels = dict[str, tuple[int | None, int | None]]


class Cell(TypedDict):
    text: str
    css: str


class StandardResults(TypedDict):
    """A service's standards in its latest fiscal year: the share met (percent, of those
    judged) and the timeliness standards' average performance (percent)."""

    year: str
    met: int | None
    judged: int
    timeliness: int | None


class ServiceRow(TypedDict):
    service: Service
    group: tuple[int, str] | None  # (owner id, program) when a new program starts
    assessment: Assessment | None  # the latest completed
    cells: list[Cell]
    cells_html: SafeString
    overall: float | None
    standards: StandardResults | None


class ServiceHeatmap(TypedDict):
    version: CatalogueVersion | None
    attributes: list[Attribute]
    rows: list[ServiceRow]
    page: Page | None  # None when every service is listed


class OrganizationRow(TypedDict):
    organization: Organization
    href: str
    services: int
    cells: list[Cell]
    cells_html: SafeString
    overall: float | None


class OrganizationHeatmap(TypedDict):
    version: CatalogueVersion | None
    attributes: list[Attribute]
    rows: list[OrganizationRow]


def columns_for(label: str) -> tuple[CatalogueVersion | None, list[Attribute]]:
    """The catalogue version named (or the latest published) and its attributes, the columns."""
    version = None
    if label:
        version = CatalogueVersion.objects.filter(label=label).exclude(status="draft").first()
    version = version or catalogue_queries.latest_published()
    if version is None:
        return None, []
    return version, list(version.attributes.order_by("order", "key"))


def _sorted(services: QuerySet[Service], display: Display, keys: list[str]) -> QuerySet[Service]:
    latest_scores = AttributeScore.objects.filter(assessment_id=OuterRef("latest__latest_id"))
    if display.sort == "overall":
        services = services.annotate(
            sort_value=Subquery(
                latest_scores.values("assessment_id")
                .annotate(v=Avg("current_level"))
                .values("v")[:1]
            )
        )
    elif display.sort == "gap":
        services = services.annotate(
            sort_value=Subquery(
                latest_scores.values("assessment_id")
                .annotate(v=Max(F("target_level") - F("current_level")))
                .values("v")[:1]
            )
        )
    elif display.sort.startswith("attr:") and display.sort[5:] in keys:
        field_name = {"current": "current_level", "target": "target_level"}.get(
            display.switch, "current_level"
        )
        services = services.annotate(
            sort_value=Subquery(
                latest_scores.filter(attribute__key=display.sort[5:]).values(field_name)[:1]
            )
        )
    else:
        display.sort = "name"
        names = [localized_order(f) for f in ("owner__name", "program_name", "name")]
        return services.order_by(
            *(n.desc() if display.descending else n.asc() for n in names), "pk"
        )
    nulls = (
        F("sort_value").desc(nulls_last=True)
        if display.descending
        else F("sort_value").asc(nulls_last=True)
    )
    return services.order_by(nulls, localized_order("name"), "pk")


def _levels(assessment_ids: Iterable[int]) -> dict[int, Levels]:
    """{assessment id: {attribute key: (current, target)}} in one query."""
    out: dict[int, Levels] = defaultdict(dict)
    rows = AttributeScore.objects.filter(assessment_id__in=assessment_ids).values_list(
        "assessment_id", "attribute__key", "current_level", "target_level"
    )
    for assessment_id, key, current, target in rows:
        out[assessment_id][key] = (current, target)
    return out


def _standards(service_ids: Iterable[int]) -> dict[int, StandardResults]:
    """Per service, for its latest fiscal year: share of standards met and timeliness performance."""
    rows = StandardPerformance.objects.filter(standard__service_id__in=service_ids).values_list(
        "standard__service_id", "fiscal_year", "target_met", "performance", "standard__type"
    )
    by_service: dict[int, list] = defaultdict(list)
    for service_id, year, met, performance, kind in rows:
        by_service[service_id].append((year, met, performance, kind))
    out = {}
    for service_id, results in by_service.items():
        year = max(r[0] for r in results)
        latest = [r for r in results if r[0] == year]
        judged = [r[1] for r in latest if r[1] is not None]
        timely = [float(r[2]) for r in latest if r[3] == "TML" and r[2] is not None]
        out[service_id] = StandardResults(
            year=year,
            met=round(100 * sum(judged) / len(judged)) if judged else None,
            judged=len(judged),
            timeliness=round(100 * sum(timely) / len(timely)) if timely else None,
        )
    return out


EMPTY = Cell(text="–", css="cell-empty")


def _cell(switch: str, key: str, latest: Levels, previous: Levels | None) -> Cell:
    current, target = latest.get(key, (None, None))
    if switch == "current" or switch == "target":
        value = current if switch == "current" else target
        if value is None:
            return EMPTY.copy()
        return Cell(text=str(value), css=f"level-{value}")
    if switch == "gap":
        if current is None or target is None:
            return EMPTY.copy()
        gap = target - current
        return Cell(text=str(gap), css=f"gap-{min(gap, 4)}")
    before = previous.get(key, (None, None))[0] if previous is not None else None
    if current is None or before is None:
        return EMPTY.copy()
    change = current - before
    arrow = "↑" if change > 0 else "↓" if change < 0 else "→"
    css = "change-up" if change > 0 else "change-down" if change < 0 else "change-none"
    return Cell(text=f"{arrow} {change:+d}" if change else f"{arrow} 0", css=css)


def _cells_html(cells: list[Cell], href: str) -> SafeString:
    """A row's cells as one string: thousands of cells cost microseconds, not template loops."""
    return format_html_join(
        "",
        '<td class="cell {}"><a href="{}">{}</a></td>',
        ((c["css"], href, c["text"]) for c in cells),
    )


def service_heatmap(
    display: Display, *, services: QuerySet[Service], version: str = "", paginate: bool = True
) -> ServiceHeatmap:
    """The services given (filtered by the heat map's FilterSet) by attribute, in the columns
    of the catalogue version named (or the latest published)."""
    catalogue, attributes = columns_for(version)
    keys = [a.key for a in attributes]
    services = _sorted(services, display, keys).select_related(
        "owner", "latest__latest", "latest__previous"
    )
    page: Page | None = None
    if paginate:
        page = Paginator(services, PAGE_SIZE).get_page(display.page)
        items = list(page.object_list)
    else:
        items = list(services)
    latest_ids, previous_ids = [], []
    pointers: dict[int, ServiceLatest | None] = {}
    for service in items:
        # A service never assessed has no pointer (select_related caches its absence).
        pointer = getattr(service, "latest", None)
        pointers[service.pk] = pointer
        if pointer is not None:
            latest_ids.append(pointer.latest_id)
            if pointer.previous_id:
                previous_ids.append(pointer.previous_id)
    levels = _levels(latest_ids)
    before = _levels(previous_ids) if display.switch == "change" else {}
    standards = _standards([s.pk for s in items])
    rows: list[ServiceRow] = []
    group = None
    for service in items:
        pointer = pointers[service.pk]
        latest = levels.get(pointer.latest_id, {}) if pointer else {}
        previous = before.get(pointer.previous_id) if pointer and pointer.previous_id else None
        uuid = pointer.latest.uuid if pointer else None
        currents = [latest[k][0] for k in keys if k in latest]
        scored = [level for level in currents if level is not None]
        heading = (service.owner_id, str(service.program_name)) if display.sort == "name" else None
        cells = [_cell(display.switch, k, latest, previous) for k in keys] if pointer else []
        href = reverse("assessments:results", args=[uuid]) if pointer else ""
        rows.append(
            ServiceRow(
                service=service,
                group=heading if heading != group else None,
                assessment=pointer.latest if pointer else None,
                cells=cells,
                cells_html=_cells_html(cells, href),
                overall=round(sum(scored) / len(scored), 1) if scored else None,
                standards=standards.get(service.pk),
            )
        )
        group = heading if heading is not None else group
    return ServiceHeatmap(version=catalogue, attributes=attributes, rows=rows, page=page)


def organization_heatmap(
    display: Display, *, organizations: QuerySet[Organization], version: str = ""
) -> OrganizationHeatmap:
    """The organizations given (filtered by their FilterSet) by attribute, averaging their own
    services' latest levels (summary table)."""
    catalogue, attributes = columns_for(version)
    keys = [a.key for a in attributes]
    summaries: defaultdict[int, dict[str, OrganizationSummary]] = defaultdict(dict)
    for summary in OrganizationSummary.objects.filter(
        organization__in=organizations, attribute_key__in=keys
    ).select_related("organization"):
        summaries[summary.organization_id][summary.attribute_key] = summary
    listed = Organization.objects.filter(pk__in=list(summaries)).order_by(
        localized_order("name"), "pk"
    )
    rows: list[OrganizationRow] = []
    for organization in listed:
        by_key = summaries[organization.pk]
        cells: list[Cell] = []
        values = []
        for key in keys:
            found = by_key.get(key)
            value = None
            if found is not None:
                value = (
                    found.average_target if display.switch == "target" else found.average_current
                )
                if display.switch == "gap" and found.services:
                    value = round((found.sum_target - found.sum_current) / found.services, 1)
            if value is None:
                cells.append(Cell(text="–", css="cell-empty"))
            else:
                values.append(value)
                css = (
                    f"gap-{min(round(value), 4)}"
                    if display.switch == "gap"
                    else f"level-{min(5, max(1, round(value)))}"
                )
                cells.append(Cell(text=f"{value:.1f}", css=css))
        services = max((s.services for s in by_key.values()), default=0)
        href = (
            f"{reverse('reports:heatmap')}?organization={organization.slug}&switch={display.switch}"
        )
        rows.append(
            OrganizationRow(
                organization=organization,
                href=href,
                services=services,
                cells=cells,
                cells_html=_cells_html(cells, href),
                overall=round(sum(values) / len(values), 1) if values else None,
            )
        )
    return OrganizationHeatmap(version=catalogue, attributes=attributes, rows=rows)


def cycles_for(user: Person) -> list[str]:
    """Cycles of the completed assessments of the services the user may see, latest first."""
    return list(
        Assessment.objects.filter(
            status=Assessment.Status.COMPLETED, service__in=services_for_user(user)
        )
        .values_list("cycle", flat=True)
        .distinct()
        .order_by("-cycle")
    )


def versions() -> list[CatalogueVersion]:
    """Catalogue versions a heat map can show: published and retired, latest first."""
    return list(CatalogueVersion.objects.exclude(status="draft").order_by("-published_at"))
