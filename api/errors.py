"""One error shape for the whole API: what went wrong and, for each field, why."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler


def _flatten(detail, prefix=""):
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
            yield from _flatten(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
    elif isinstance(detail, list):
        for item in detail:
            yield from _flatten(item, prefix)
    else:
        yield {"field": prefix or None, "message": str(detail)}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    response = drf_handler(exc, context)
    if response is None:
        return None
    errors = list(_flatten(response.data))
    body = {"status": response.status_code, "errors": errors}
    if response.status_code != status.HTTP_400_BAD_REQUEST and errors:
        body["detail"] = errors[0]["message"]
    return Response(body, status=response.status_code, headers=getattr(response, "headers", None))
