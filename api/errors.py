"""One error shape for the whole API: what went wrong and, for each field, why.

DRF's handler gives it to the errors views raise; Django's error views (``handler400`` and
the others, set in ``ccsmm/urls.py``) give it to what happens outside a view, on any path
under ``/api/``: an unknown URL, a body over the size limit (413), an unexpected error or a
database outage (500). Pages keep their HTML error pages.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
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


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json(status_code: int, message: str) -> JsonResponse:
    body = {"status": status_code, "errors": [{"field": None, "message": message}]}
    return JsonResponse({**body, "detail": message}, status=status_code)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        message = _("The request is too large. Send at most %(size)s MB.") % {
            "size": round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000, 1)
        }
        if _is_api(request):
            return _json(413, message)
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
    if _is_api(request):
        return _json(400, _("The request could not be read."))
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(403, _("You do not have permission to perform this action."))
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(404, _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _json(500, _("Something went wrong on our side. It was logged; try again later."))
    return defaults.server_error(request)
