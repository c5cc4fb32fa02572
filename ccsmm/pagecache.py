"""Rendered pages kept for the person who asked for them, until any data changes.

Every statement that writes to the database (INSERT, UPDATE, DELETE on any table except the
sessions) replaces the *content generation*, a random token in the cache: once when the
statement runs and once more when its transaction commits, so a page rendered from data read
before the commit cannot outlive it. A page is stored under the generation read before it was
rendered; after any write that key is never asked for again.

A cached page belongs to one person: the key holds the user, the language, the full path with
its query string and the CSRF secret of the browser, so nobody is served a page rendered for
someone else and the forms on a cached page carry a valid token. The access checks of the view
ran when the page was rendered; a change of membership, role or partnership is a write, so the
next request runs them again. Pages with messages waiting are neither served from the cache nor
stored. If the cache fails, pages are rendered as if it were empty and pages already stored
expire after ``PAGE_CACHE_SECONDS``.
"""

import hashlib
import logging
import secrets
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import get_language

log = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE")
_UNWATCHED_TABLES = ("django_session",)


def bump() -> None:
    """Put every cached page out of reach."""
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:  # the cache being down must never fail a write
        log.exception("could not renew the page cache generation")


def generation() -> str | None:
    try:
        current = cache.get(GENERATION_KEY)
        if current is None:
            current = secrets.token_hex(8)
            cache.add(GENERATION_KEY, current, timeout=None)
            current = cache.get(GENERATION_KEY)
        return current
    except Exception:
        log.exception("could not read the page cache generation")
        return None


def _is_write(sql) -> bool:
    text = sql if isinstance(sql, str) else str(sql)
    head = text.lstrip()[:8].upper()
    if not head.startswith(_WRITES):
        return False
    return not any(table in text[:80] for table in _UNWATCHED_TABLES)


def watch_writes(execute, sql, params, many, context):
    """Database execute wrapper: renew the generation after each write and at its commit."""
    result = execute(sql, params, many, context)
    if _is_write(sql):
        bump()
        connection = context["connection"]
        if connection.in_atomic_block and not any(
            func is bump for _ids, func, _robust in connection.run_on_commit
        ):
            transaction.on_commit(bump, using=connection.alias)
    return result


def install(sender=None, connection=None, **kwargs) -> None:
    """connection_created receiver; first in the list, so context-managed wrappers pop their own."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch_writes)


def _key(request) -> str | None:
    if settings.PAGE_CACHE_SECONDS <= 0:
        return None
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    secret = request.META.get("CSRF_COOKIE")
    if not secret or len(get_messages(request)):
        return None
    current = generation()
    if current is None:
        return None
    identity = "\n".join(
        (current, str(request.user.pk), get_language() or "", request.get_full_path(), secret)
    )
    return "page:" + hashlib.sha256(identity.encode()).hexdigest()


def cached_page(view):
    """Serve the view's page from the cache for the same person while no data has changed."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        key = _key(request)
        if key is None:
            return view(request, *args, **kwargs)
        try:
            stored = cache.get(key)
        except Exception:
            log.exception("could not read a cached page")
            stored = None
        if stored is not None:
            content, content_type = stored
            # As rendering the token would: the browser's CSRF cookie is sent again, renewed.
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not len(get_messages(request))
        ):
            try:
                cache.set(
                    key,
                    (response.content, response["Content-Type"]),
                    timeout=settings.PAGE_CACHE_SECONDS,
                )
            except Exception:
                log.exception("could not store a cached page")
        return response

    return wrapped
