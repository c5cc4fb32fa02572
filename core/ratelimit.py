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
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
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
    """Whether any of the (key, most allowed) pairs has reached its limit within the window."""
    return any(count(scope, key, window) >= most for key, most in limits)


def record(scope: str, keys: Iterable[str], window: int) -> None:
    """Count one event for each key; events of the scope older than the window go."""
    now = timezone.now()
    RateEvent.objects.filter(scope=scope, at__lt=now - timedelta(seconds=window)).delete()
    RateEvent.objects.bulk_create([RateEvent(scope=scope, key=key, at=now) for key in keys])


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
