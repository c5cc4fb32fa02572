"""Limits counted in the database: how many times something happened within a window.

Used where a limit protects accounts (failed sign-ins, password-reset emails, API token
creation). The counters live in PostgreSQL rather than Redis: they hold when Redis is down
or restored from an old snapshot, and a stranger cannot push them out of a full cache.

The client's address is read from ``REMOTE_ADDR`` unless ``TRUSTED_PROXIES`` says how many
reverse proxies in front of the application append to ``X-Forwarded-For``; only then is that
header read, and only the entry the nearest trusted proxy wrote. Addresses are stored as
keyed hashes, never as written.
"""

import hashlib
import hmac
import time
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from .models import RateEvent


def client_address(request: HttpRequest | None) -> str:
    """The address of the client, as far as the trusted proxies let us know it."""
    if request is None:
        return ""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote
    return forwarded[-min(proxies, len(forwarded))]


def client_key(request: HttpRequest | None) -> str:
    """A keyed hash of the client's address: stable, and not the address itself."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    )
    return digest.hexdigest()[:32]


def _since(window: int) -> datetime:
    return timezone.now() - timedelta(seconds=window)


def count(scope: str, key: str, window: int) -> int:
    return RateEvent.objects.filter(scope=scope, key=key, at__gte=_since(window)).count()


def exceeded(scope: str, limits: Iterable[tuple[str, int]], window: int) -> bool:
    """Whether any of the (key, most allowed) pairs has reached its limit within the window
    (one query, whatever the number of limits)."""
    most = dict(limits)
    counts = dict(
        RateEvent.objects.filter(scope=scope, key__in=list(most), at__gte=_since(window))
        .values_list("key")
        .annotate(n=Count("id"))
        .order_by()
    )
    return any(counts.get(key, 0) >= limit for key, limit in most.items())


# When each scope's expired events were last deleted by this process.
_swept: dict[str, float] = {}
SWEEP_EVERY = 60.0


def record(scope: str, keys: Iterable[str], window: int) -> None:
    """Count one event for each key, in one statement. Events older than the window are never
    counted; they are deleted at most once a minute per scope and process, so a busy form
    does not pay for the housekeeping on every answer."""
    now = timezone.now()
    if time.monotonic() - _swept.get(scope, -SWEEP_EVERY) >= SWEEP_EVERY:
        _swept[scope] = time.monotonic()
        RateEvent.objects.filter(scope=scope, at__lt=now - timedelta(seconds=window)).delete()
    at = connection.ops.adapt_datetimefield_value(now)
    rows = [(scope, key, at) for key in keys]
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ("scope", "key", "at"))  # no db_column
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(RateEvent._meta.db_table)} ({columns}) VALUES {values}",  # noqa: S608
            [part for row in rows for part in row],
        )


def clear(scope: str, keys: Iterable[str]) -> None:
    RateEvent.objects.filter(scope=scope, key__in=list(keys)).delete()


def allow(scope: str, limits: Iterable[tuple[str, int]], window: int) -> bool:
    """Count one attempt against each limit, unless one is already reached: True when the
    attempt may go ahead."""
    limits = list(limits)
    if exceeded(scope, limits, window):
        return False
    record(scope, [key for key, __ in limits], window)
    return True
