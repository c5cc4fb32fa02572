"""Lock-out after repeated failed sign-ins: per account, counted in the cache (Redis when set)."""

from django.conf import settings
from django.core.cache import cache


def _key(email: str) -> str:
    return f"sign-in-failures:{(email or '').strip().lower()}"


def is_locked(email: str) -> bool:
    return cache.get(_key(email), 0) >= settings.LOGIN_MAX_FAILURES


def record_failure(email: str) -> None:
    key = _key(email)
    cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def clear(email: str) -> None:
    cache.delete(_key(email))
