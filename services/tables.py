"""The rows of the services list, written in Python (core.tables)."""

from collections.abc import Iterable
from typing import Any

from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.tables import DASH, column_labels, url_pattern


def _joined(labels: list[str]) -> str:
    return escape(", ".join(labels)) if labels else DASH


def service_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    """One row a service: its name linking to its page (with its inventory ID), its owner,
    client segments and service types; the cells carry their column's name for the stacked
    layout of small screens."""
    label = column_labels(
        service=gettext("Service"),
        owner=gettext("Owner"),
        segments=gettext("Client segments"),
        types=gettext("Service types"),
    )
    url = url_pattern("services:detail")
    out = []
    for row in rows:
        service = row["service"]
        inventory = (
            f' <span class="muted">({escape(service.inventory_id)})</span>'
            if service.inventory_id
            else ""
        )
        out.append(
            f'<tr><td data-label="{label["service"]}">'
            f'<a href="{escape(url.format(service.uuid))}">'
            f"{conditional_escape(service.name)}</a>{inventory}</td>"
            f'<td data-label="{label["owner"]}">{conditional_escape(service.owner.name)}</td>'
            f'<td data-label="{label["segments"]}">{_joined(row["segments"])}</td>'
            f'<td data-label="{label["types"]}">{_joined(row["types"])}</td></tr>'
        )
    return SafeString("".join(out))
