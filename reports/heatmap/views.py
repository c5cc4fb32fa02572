"""Heat map pages for executives: services by attribute, organizations by attribute, exports."""

from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import spreadsheet_response
from feedback.queries import min_responses

from .. import operations
from . import queries as heatmap
from .display import ORGANIZATION_SWITCHES, Display
from .filters import (
    PDF_PARAMS,
    HeatmapFilterSet,
    OrganizationHeatmapFilterSet,
)


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _sort_links(request, filters, attributes):
    """Column headers as links that sort by that column, toggling the direction."""
    base = _query_without(request, "sort", "dir", "page")

    def link(key):
        descending = filters.sort == key and not filters.descending
        query = f"{base}&" if base else ""
        return f"?{query}sort={key}" + ("&dir=desc" if descending else "")

    return {
        "name": link("name"),
        "overall": link("overall"),
        "gap": link("gap"),
        "attributes": [
            (a, link(f"attr:{a.key}"), filters.sort == f"attr:{a.key}") for a in attributes
        ],
    }


def service_heatmap(request: HttpRequest) -> HttpResponse:
    display = Display.from_query(request.GET)
    filters = HeatmapFilterSet(request.GET or None, user=request.user)
    data = heatmap.service_heatmap(
        display,
        services=filters.services(),
        version=filters.value("version"),
        shown=filters.catalogue_versions(),
    )
    return render(
        request,
        "reports/heatmap.html",
        {
            **data,
            "form": filters.form,
            "filters": display,
            "sort_links": _sort_links(request, display, data["attributes"]),
            "query_string": _query_without(request, "page"),
            "export_query": _query_without(request, "page"),
            "public_threshold": min_responses(),
        },
    )


def organization_heatmap(request: HttpRequest) -> HttpResponse:
    display = Display.from_query(request.GET, switches=ORGANIZATION_SWITCHES)
    filters = OrganizationHeatmapFilterSet(request.GET or None, user=request.user)
    data = heatmap.organization_heatmap(
        display,
        organizations=filters.organizations(),
        version=filters.value("version"),
        shown=filters.catalogue_versions(),
    )
    return render(
        request,
        "reports/heatmap_organizations.html",
        {**data, "form": filters.form, "filters": display, "public_threshold": min_responses()},
    )


def _export_rows(data: heatmap.ServiceHeatmap) -> Iterator[list]:
    header = [
        _("Organization"),
        _("Program"),
        _("Service"),
        _("Cycle"),
        *[str(a.name) for a in data["attributes"]],
        _("Average"),
        _("Standards met (%)"),
        _("Timeliness (%)"),
    ]
    yield header
    for row in data["rows"]:
        standards = row["standards"]
        met = standards["met"] if standards else None
        timeliness = standards["timeliness"] if standards else None
        cells = [c["text"] if c["text"] != "–" else "" for c in row["cells"]] or [""] * len(
            data["attributes"]
        )
        yield [
            str(row["owner"]),
            str(row["program"]),
            str(row["name"]),
            row["cycle"] if row["cycle"] is not None else _("not assessed"),
            *cells,
            row["overall"] if row["overall"] is not None else "",
            met if met is not None else "",
            timeliness if timeliness is not None else "",
        ]


def heatmap_export(request: HttpRequest, fmt: str) -> HttpResponse:
    filters = HeatmapFilterSet(request.GET or None, user=request.user)
    data = heatmap.service_heatmap(
        Display.from_query(request.GET),
        services=filters.services(),
        version=filters.value("version"),
        paginate=False,
    )
    rows = list(_export_rows(data))
    return spreadsheet_response(rows, fmt=fmt, title=_("Heat map"), name="heat-map")


@require_POST
def heatmap_pdf(request):
    params = {
        name: request.POST[name].replace("\x00", "")[:80]
        for name in PDF_PARAMS
        if request.POST.get(name)
    }
    language = "fr" if (get_language() or "").startswith("fr") else "en"
    job, _created = operations.heatmap_request(user=request.user, language=language, params=params)
    return redirect("reports:status", uuid=job.uuid)
