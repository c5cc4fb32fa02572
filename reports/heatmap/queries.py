"""The portfolio heat map: services by attribute, and organizations by attribute.

Reads are a fixed number of queries whatever the number of services, and read values, not
model instances: the number of services, the page of services in order with their cells (one
query through the latest-assessment pointer, which holds the latest levels and what services
are sorted on), the standards' results (one query), the attribute columns. Sorting reads
indexes: names in either language (the owner's, then the service's), the average, the largest
gap, or one attribute's level (the latest levels kept one per row beside the pointer).

Rows are built here, in Python, into their HTML, so the template's loop is a single tag.
"""

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from typing import Any, TypedDict
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, OrderBy, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from assessments.models import OrganizationSummary, ServiceLatest
from catalogue.models import Attribute, CatalogueVersion
from core.bilingual import LocalizedText, active_language, localized_order, localized_pair
from core.fragments import fragment
from core.tables import url_pattern
from feedback.queries import (
    PublicRating,
    public_by_organization,
    public_ratings_for_services,
)
from organizations.access import Person
from organizations.models import Organization
from services.access import services_for_user
from services.models import Service, StandardPerformance

from .display import PAGE_SIZE, Display

# {attribute key: [current, target, previous current]} of one service.
Levels = dict[str, list[int | None]]


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
    uuid: UUID  # the service's
    name: LocalizedText
    owner: LocalizedText
    program: LocalizedText
    group: bool  # the first row of its organization and program, in the default order
    cycle: str | None  # of the latest completed assessment; None when never assessed
    cells: list[Cell]
    overall: float | None
    standards: StandardResults | None
    html: SafeString  # the row, as the page shows it


class ServiceHeatmap(TypedDict):
    version: CatalogueVersion | None
    attributes: list[Attribute]
    rows: list[ServiceRow]
    page: Page | None  # None when every service is listed


class OrganizationRow(TypedDict):
    name: LocalizedText
    slug: str
    href: str
    services: int
    cells: list[Cell]
    overall: float | None
    html: SafeString


class OrganizationHeatmap(TypedDict):
    version: CatalogueVersion | None
    attributes: list[Attribute]
    rows: list[OrganizationRow]


# Each catalogue version a heat map can show, with its attributes in column order.
ShownVersions = list[tuple[CatalogueVersion, list[Attribute]]]


def columns_for(
    label: str, shown: ShownVersions | None = None
) -> tuple[CatalogueVersion | None, list[Attribute]]:
    """The catalogue version named (or the latest published) and its attributes, the columns;
    chosen among the versions a heat map can show (``versions()``), read here unless given."""
    shown = versions() if shown is None else shown
    found = next((pair for pair in shown if pair[0].label == label), None) if label else None
    published = CatalogueVersion.Status.PUBLISHED
    found = found or next((pair for pair in shown if pair[0].status == published), None)
    if found is None:
        return None, []
    return found


def _by_name(services: QuerySet[Service], descending: bool) -> QuerySet[Service]:
    """The owner's name, then the owner (two organizations may share a name), then the program
    and the service, in the reader's language: the order of the organization and service
    indexes of each language, so a page is read without sorting every service."""
    order: list[Coalesce | F] = [
        localized_order("owner__name"),
        F("owner_id"),
        localized_order("program_name"),
        localized_order("name"),
        F("pk"),
    ]
    return services.order_by(*(o.desc() if descending else o.asc() for o in order))


class _ValueThenRest:
    """Services sorted on a value, those without it (never assessed, or assessed without
    that attribute) after them in name order: two queries, each read in the order of an
    index, instead of sorting every service on a value a join may leave empty.

    Sliced as the paginator slices a list; the count is the filtered services'."""

    def __init__(self, with_value: QuerySet[Any], rest: QuerySet[Any], count: int) -> None:
        self.with_value, self.rest, self.count_ = with_value, rest, count

    def count(self) -> int:
        return self.count_

    def __len__(self) -> int:
        return self.count_

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        start, stop = window.start or 0, window.stop or self.count_
        first = list(self.with_value[start:stop])
        if len(first) == stop - start:
            return first
        # Where the services with a value end: known from this window unless it began after.
        valued = start + len(first) if first or start == 0 else self.with_value.count()
        rest_start = max(0, start - valued)
        return first + list(self.rest[rest_start : rest_start + (stop - start) - len(first)])


def _ordered(
    services: QuerySet[Service], display: Display, keys: list[str]
) -> tuple[QuerySet[Service], QuerySet[Service] | None]:
    """The services with the sort value in the display's order (names in the reader's
    language break ties), and those without it (None when sorting by name)."""
    name = localized_order("name")
    key = display.sort.removeprefix("attr:")
    down = display.descending
    if display.sort == "overall":
        with_value = services.filter(latest__isnull=False)
        order = [_sort(F("latest__average_current"), down)]
    elif display.sort == "gap":
        # Equal gaps: the least mature first when the largest gaps come first.
        with_value = services.filter(latest__isnull=False)
        order = [_sort(F("latest__max_gap"), down), _sort(F("latest__average_current"), not down)]
    elif display.sort.startswith("attr:") and key in keys:
        level = "target_level" if display.switch == "target" else "current_level"
        with_value = services.filter(
            latest_levels__attribute_key=key, **{f"latest_levels__{level}__isnull": False}
        )
        # Equal levels: by the service's average, the other way round.
        order = [
            _sort(F(f"latest_levels__{level}"), down),
            _sort(F("latest_levels__average_current"), not down),
        ]
    else:
        display.sort = "name"
        return _by_name(services, down), None
    ordered = with_value.order_by(*order, name, "pk")
    rest = services.exclude(pk__in=with_value.values("pk")).order_by(name, "pk")
    return ordered, rest


def _sort(value: F, descending: bool) -> OrderBy:
    return value.desc() if descending else value.asc()


ROW_FIELDS = (
    "pk", "uuid", "name_en", "name_fr", "program_name_en", "program_name_fr", "owner_id",
    "owner__name_en", "owner__name_fr", "latest__latest__uuid", "latest__cycle",
    "latest__levels",
)  # fmt: skip


class _CountedPaginator(Paginator):
    """A paginator told its count, counted on the services alone (no joins of the order)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known = count

    @cached_property
    def count(self) -> int:
        return self._known


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


def _change(current: int | None, before: int | None) -> Cell:
    if current is None or before is None:
        return EMPTY
    change = current - before
    arrow = "↑" if change > 0 else "↓" if change < 0 else "→"
    css = "change-up" if change > 0 else "change-down" if change < 0 else "change-none"
    return Cell(text=f"{arrow} {change:+d}" if change else f"{arrow} 0", css=css)


def _cell(switch: str, levels: list[int | None] | None) -> Cell:
    current, target, previous = levels or (None, None, None)
    if switch in ("current", "target"):
        value = current if switch == "current" else target
        return EMPTY if value is None else Cell(text=str(value), css=f"level-{value}")
    if switch == "gap":
        if current is None or target is None:
            return EMPTY
        gap = target - current
        return Cell(text=str(gap), css=f"gap-{min(gap, 4)}")
    return _change(current, previous)


def _public_cell(rating: PublicRating | None) -> Cell:
    """The public's rating out of 5, where enough people gave one."""
    if rating is None or rating.average is None:
        return EMPTY
    return _rating_cell(rating.average)


def _rating_cell(value: float) -> Cell:
    return Cell(text=f"{value:.1f}", css=f"level-{min(5, max(1, round(value)))}")


def _cells_html(cells: list[Cell], href: str) -> SafeString:
    """A row's cells as one string: thousands of cells cost microseconds, not template loops.
    Cells hold only what this module writes (numbers, arrows, class names); the link is
    escaped once for the row."""
    link = escape(href)
    return SafeString(
        "".join(f'<td class="cell {c["css"]}"><a href="{link}">{c["text"]}</a></td>' for c in cells)
    )


def _percent(value: int | None) -> str:
    return f"{value}&nbsp;%" if value is not None else "–"


class _RowBuilder:
    """Turns a page's values into rows: cells, averages and each row's HTML."""

    def __init__(
        self,
        display: Display,
        keys: list[str],
        public: dict[tuple[int, str], PublicRating] | None = None,
    ) -> None:
        self.display = display
        self.keys = keys
        self.public = public or {}
        self.language = active_language()
        self.service_url = url_pattern("services:detail")
        self.results_url = url_pattern("assessments:results")
        self.not_assessed = format_html(
            '<td colspan="{}" class="not-assessed">{}</td>', len(keys) + 1, _("Not assessed yet")
        )
        self.group_colspan = len(keys) + 4
        self.last_group: tuple[int, str] | None = None

    def row(
        self, values: dict[str, Any], levels: Levels, standards: StandardResults | None
    ) -> ServiceRow:
        language = self.language
        name = localized_pair(values["name_en"], values["name_fr"], language)
        owner = localized_pair(values["owner__name_en"], values["owner__name_fr"], language)
        program = localized_pair(values["program_name_en"], values["program_name_fr"], language)
        assessment = values["latest__latest__uuid"]
        currents: list[float]
        if self.display.switch == "public":
            ratings = [self.public.get((values["pk"], k)) for k in self.keys]
            cells = [_public_cell(r) for r in ratings] if assessment else []
            # The average of what the public rated, beside its cells.
            currents = [r.average for r in ratings if r is not None and r.average is not None]
        else:
            cells = (
                [_cell(self.display.switch, levels.get(k)) for k in self.keys] if assessment else []
            )
            currents = [c for k in self.keys if (c := levels.get(k, [None])[0]) is not None]
        overall = round(sum(currents) / len(currents), 1) if currents else None
        group = False
        if self.display.sort == "name":
            heading = (values["owner_id"], str(program))
            group = heading != self.last_group
            self.last_group = heading
        row = ServiceRow(
            uuid=values["uuid"], name=name, owner=owner, program=program, group=group,
            cycle=values["latest__cycle"] if assessment else None, cells=cells, overall=overall,
            standards=standards, html=SafeString(""),
        )  # fmt: skip
        row["html"] = self._html(row, assessment)
        return row

    def _html(self, row: ServiceRow, assessment: UUID | None) -> SafeString:
        """The row's HTML, written directly: a page holds a hundred rows of a dozen cells, and
        building them through format_html would cost more than reading them."""
        parts = []
        if row["group"]:
            program = f" · {row['program'].__html__()}" if row["program"] else ""
            parts.append(
                f'<tr class="group-row"><th scope="colgroup" colspan="{self.group_colspan}">'
                f"{row['owner'].__html__()}{program}</th></tr>"
            )
        cycle = f' <span class="muted">{escape(row["cycle"])}</span>' if assessment else ""
        parts.append(
            f'<tr><th scope="row" class="service-col"><a href="{self.service_url.format(row["uuid"])}">'
            f"{row['name'].__html__()}</a>{cycle}</th>"
        )
        if assessment:
            overall = "–" if row["overall"] is None else row["overall"]
            parts.append(f'<td class="num">{overall}</td>')
            parts.append(_cells_html(row["cells"], self.results_url.format(assessment)))
        else:
            parts.append(self.not_assessed)
        standards: StandardResults | dict[str, None] = row["standards"] or {}
        parts.append(
            f'<td class="num">{_percent(standards.get("met"))}</td>'
            f'<td class="num">{_percent(standards.get("timeliness"))}</td></tr>'
        )
        return SafeString("".join(parts))


def service_heatmap(
    display: Display,
    *,
    services: QuerySet[Service],
    version: str = "",
    paginate: bool = True,
    shown: ShownVersions | None = None,
) -> ServiceHeatmap:
    """The services given (filtered by the heat map's FilterSet) by attribute, in the columns
    of the catalogue version named (or the latest published)."""
    catalogue, attributes = columns_for(version, shown)
    keys = [a.key for a in attributes]
    ordered, rest = _ordered(services, display, keys)
    count = services.count() if paginate else 0
    rows_in_order: Any = ordered.values(*ROW_FIELDS)
    if rest is not None:
        rows_in_order = _ValueThenRest(rows_in_order, rest.values(*ROW_FIELDS), count=count)
    page: Page | None = None
    if paginate:
        paginator = _CountedPaginator(rows_in_order, PAGE_SIZE, count=count)
        page = paginator.get_page(display.page)
        items = list(page.object_list)
    elif rest is not None:
        items = list(rows_in_order.with_value) + list(rows_in_order.rest)
    else:
        items = list(rows_in_order)
    standards = _standards([item["pk"] for item in items])
    public = (
        public_ratings_for_services([item["pk"] for item in items], keys)
        if display.switch == "public"
        else None
    )
    builder = _RowBuilder(display, keys, public)
    rows = [
        builder.row(item, item["latest__levels"] or {}, standards.get(item["pk"])) for item in items
    ]
    return ServiceHeatmap(version=catalogue, attributes=attributes, rows=rows, page=page)


def _organization_cell(
    switch: str, services: int, sum_current: int, sum_target: int
) -> tuple[Cell, float | None]:
    if not services:
        return EMPTY, None
    if switch == "gap":
        value = round((sum_target - sum_current) / services, 1)
        return Cell(text=f"{value:.1f}", css=f"gap-{min(round(value), 4)}"), value
    value = round((sum_target if switch == "target" else sum_current) / services, 1)
    return Cell(text=f"{value:.1f}", css=f"level-{min(5, max(1, round(value)))}"), value


def organization_heatmap(
    display: Display,
    *,
    organizations: QuerySet[Organization],
    version: str = "",
    shown: ShownVersions | None = None,
) -> OrganizationHeatmap:
    """The organizations given (filtered by their FilterSet) by attribute, averaging their own
    services' latest levels (summary table, read as values)."""
    catalogue, attributes = columns_for(version, shown)
    keys = [a.key for a in attributes]
    public = public_by_organization(organizations, keys) if display.switch == "public" else None
    summaries: defaultdict[int, dict[str, tuple[int, int, int]]] = defaultdict(dict)
    for organization_id, key, count, sum_current, sum_target in OrganizationSummary.objects.filter(
        organization__in=organizations, attribute_key__in=keys
    ).values_list("organization_id", "attribute_key", "services", "sum_current", "sum_target"):
        summaries[organization_id][key] = (count, sum_current, sum_target)
    listed = (
        Organization.objects.filter(pk__in=list(summaries))
        .order_by(localized_order("name"), "pk")
        .values_list("pk", "slug", "name_en", "name_fr")
    )
    base = reverse("reports:heatmap")
    language = active_language()
    rows: list[OrganizationRow] = []
    for pk, slug, name_en, name_fr in listed:
        by_key = summaries[pk]
        cells, values = [], []
        for key in keys:
            if public is not None:
                value = public.get((pk, key))
                cell = EMPTY if value is None else _rating_cell(value)
            else:
                cell, value = _organization_cell(display.switch, *by_key.get(key, (0, 0, 0)))
            cells.append(cell)
            if value is not None:
                values.append(value)
        href = f"{base}?organization={slug}&switch={display.switch}"
        name = localized_pair(name_en, name_fr, language)
        services = max((found[0] for found in by_key.values()), default=0)
        overall = round(sum(values) / len(values), 1) if values else None
        link = escape(href)
        html = SafeString(
            f'<tr><th scope="row" class="service-col"><a href="{link}">{name.__html__()}</a></th>'
            f'<td class="num">{services}</td><td class="num">{"–" if overall is None else overall}'
            f"</td>{_cells_html(cells, href)}</tr>"
        )
        rows.append(
            OrganizationRow(
                name=name, slug=slug, href=href, services=services, cells=cells, overall=overall,
                html=html,
            )
        )  # fmt: skip
    return OrganizationHeatmap(version=catalogue, attributes=attributes, rows=rows)


# The distinct cycles, read from the cycle index one step at a time (a handful of lookups)
# rather than by reading every pointer: the same SQL for PostgreSQL and SQLite.
_CYCLES_SQL = """
WITH RECURSIVE found(cycle) AS (
    SELECT (SELECT MAX(cycle) FROM {table})
    UNION ALL
    SELECT (SELECT MAX(cycle) FROM {table} WHERE cycle < found.cycle)
    FROM found WHERE found.cycle IS NOT NULL
)
SELECT cycle FROM found WHERE cycle IS NOT NULL
"""


def cycles_for(user: Person) -> list[str]:
    """Cycles of the services' latest completed assessments that the user may see, latest
    first: for staff (every service) from the pointers' cycle index, a fragment kept until
    an assessment is completed (the list of anyone else depends on what they may read)."""
    if not user.is_staff:
        latest = ServiceLatest.objects.filter(service__in=services_for_user(user))
        return list(latest.values_list("cycle", flat=True).distinct().order_by("-cycle"))
    return list(fragment("cycles", "every", _every_cycle))


def _every_cycle() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            _CYCLES_SQL.format(table=connection.ops.quote_name(ServiceLatest._meta.db_table))
        )
        return [cycle for (cycle,) in cursor.fetchall()]


def versions() -> ShownVersions:
    """Catalogue versions a heat map can show (published and retired, latest first), each with
    its attributes in column order: one query, or none while the catalogue is unchanged (a
    fragment, shared by requests: callers must not change it)."""
    return list(fragment("catalogue", "heat map versions", _versions))


def _versions() -> ShownVersions:
    attributes = (
        Attribute.objects.exclude(version__status=CatalogueVersion.Status.DRAFT)
        .select_related("version")
        .order_by("-version__published_at", "-version__pk", "order", "key")
    )
    shown: dict[int, tuple[CatalogueVersion, list[Attribute]]] = {}
    for attribute in attributes:
        shown.setdefault(attribute.version_id, (attribute.version, []))[1].append(attribute)
    return list(shown.values())
