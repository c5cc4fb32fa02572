import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _redis() -> str:
    """ "ok", "unavailable", or "not configured" (the embedded default: no Redis)."""
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except Exception:
        logger.error("health check: Redis does not answer", exc_info=True)
        return "unavailable"
    return "ok"


@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and container health checks.

    503 when the database does not answer (nothing works without it). With Redis down the
    site still serves pages and signs people in, so the answer stays 200 with the status
    "degraded" and ``"redis": "unavailable"``: reports and imports wait until it is back.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    redis_status = _redis()
    status = "degraded" if redis_status == "unavailable" else "ok"
    return JsonResponse({"status": status, "database": "ok", "redis": redis_status})


def audit_log(request: HttpRequest) -> HttpResponse:
    """Staff read the audit trail, newest first, filtered by kind of object."""
    from django.core.paginator import Paginator
    from django.shortcuts import render

    from core.access import require_staff

    from .audit_display import describe, kind_label
    from .models import AuditEvent

    require_staff(request.user)
    events = AuditEvent.objects.select_related("actor")
    kind = request.GET.get("type", "")
    if kind:
        events = events.filter(object_type=kind)
    kinds = sorted(
        (
            (value, kind_label(value))
            for value in AuditEvent.objects.values_list("object_type", flat=True)
            .distinct()
            .order_by("object_type")
        ),
        key=lambda item: item[1],
    )
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit_log.html",
        {
            "page": page,
            "events": describe(page.object_list),
            "kinds": kinds,
            "kind": kind,
            "query_string": query.urlencode(),
        },
    )
