"""The API's documentation page, rendered from the same OpenAPI schema the API serves."""

import functools
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@functools.cache
def _described() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The operations and the API's description, generated once per process: the schema comes
    from the code alone (no data, no person, no language), so it cannot change while the
    process runs."""
    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    operations: list[dict[str, Any]] = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if not operation:
                continue
            body = operation.get("requestBody", {}).get("content", {})
            first: dict[str, Any] = next(iter(body.values()), {})
            request_ref = first.get("schema", {}).get("$ref", "")
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": (operation.get("description") or "").strip(),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "description": p.get("description", ""),
                            "required": p.get("required", False),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "request": request_ref.rsplit("/", 1)[-1],
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return operations, schema.get("info", {})


@login_not_required
def api_docs(request: HttpRequest) -> HttpResponse:
    operations, info = _described()
    return render(request, "api/docs.html", {"operations": operations, "info": info})
