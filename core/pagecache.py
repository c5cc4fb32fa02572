"""Rendered pages kept for the person who asked for them, until any data changes.

Every statement that may write to the database replaces the *content generation*, a random
token in the default cache: once when the statement runs and once more when its transaction
commits, so a page rendered from data read before the commit cannot outlive it. A page is stored
(in the "pages" cache) under the generation read before it was rendered; after any write that
key is never asked for again. Each process also renews the generation before it first serves a
page, so pages rendered by code or templates of an earlier deploy are never served.

A cached page belongs to one person: the key holds the user, the language, the full path with
its query string and the CSRF secret of the browser, so nobody is served a page rendered for
someone else and the forms on a cached page carry a valid token. The access checks of the view
ran when the page was rendered; a change of membership, role or partnership is a write, so the
next request runs them again. Pages with messages waiting are neither served from the cache nor
stored, nor are pages asked for with query parameters the view does not read.

If the cache fails, pages are rendered as if it were empty. If renewing the generation fails,
the process stops serving cached pages until it succeeds again; other processes drop the pages
they keep after ``PAGE_CACHE_SECONDS`` at the latest.
"""

import functools
import hashlib
import logging
import re
import secrets
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

log = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"

# A statement writes unless it is one of these reads (after any leading comments or brackets).
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT", "BEGIN", "SHOW", "SET", "PRAGMA")
_LEADING_NOISE = re.compile(r"^(?:\s+|\(|/\*.*?\*/|--[^\n]*(?:\n|$))+", re.DOTALL)
_WITH_WRITE = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)


@functools.cache
def _unwatched() -> re.Pattern[str]:
    """Writes no cached page shows (settings.PAGE_CACHE_UNWATCHED: (model label, column or None)):
    sessions, the time of the last sign-in, an API token's last use."""
    from django.apps import apps

    patterns = []
    for label, column in settings.PAGE_CACHE_UNWATCHED:
        table = re.escape(apps.get_model(label)._meta.db_table)
        if column is None:
            patterns.append(rf'^(?:INSERT INTO|UPDATE|DELETE FROM) "{table}"')
        else:
            patterns.append(rf'^UPDATE "{table}" SET "{re.escape(column)}" = %s WHERE')  # noqa: S608 - a pattern that recognises statements, never run
    return re.compile("|".join(patterns), re.IGNORECASE)


_state = {"trusted": False}  # this process renewed the generation, and its last renewal worked


def _store() -> BaseCache:
    return caches["pages"]


def bump() -> None:
    """Put every cached page out of reach."""
    for attempt in (1, 2):
        try:
            caches["default"].set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        except Exception:  # the cache being down must never fail a write
            if attempt == 2:
                _state["trusted"] = False
                log.exception("could not renew the page cache generation")
        else:
            _state["trusted"] = True
            return


def generation() -> str | None:
    if not _state["trusted"]:
        bump()
        if not _state["trusted"]:
            return None
    try:
        return caches["default"].get(GENERATION_KEY)
    except Exception:
        log.exception("could not read the page cache generation")
        return None


def _is_write(sql: object) -> bool:
    text = _LEADING_NOISE.sub("", sql if isinstance(sql, str) else str(sql), count=1)
    head = text[:10].upper()
    if head.startswith("WITH"):
        return bool(_WITH_WRITE.search(text))
    if head.startswith(_READS):
        return False
    return not _unwatched().match(text)


def watch_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
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


def install(sender: object = None, connection: Any = None, **kwargs: Any) -> None:
    """connection_created receiver; first in the list, so context-managed wrappers pop their own."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch_writes)


def _key(request: HttpRequest, params: frozenset[str]) -> str | None:
    if settings.PAGE_CACHE_SECONDS <= 0:
        return None
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    if any(name not in params or len(request.GET.getlist(name)) > 1 for name in request.GET):
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


def _cached(key: str) -> HttpResponse | None:
    try:
        stored = _store().get(key)
        if stored is None:
            return None
        content, headers = stored
        return HttpResponse(content, headers=headers)
    except Exception:
        log.exception("could not read a cached page")
        return None


def cached_page(
    view: Callable[..., HttpResponse] | None = None, *, params: Iterable[str] = ()
) -> Any:
    """Serve the view's page from the cache for the same person while no data has changed.

    ``params`` names the query parameters the view reads; a request with any other is rendered
    and not stored, so made-up URLs cannot fill the cache.
    """
    if view is None:
        return lambda view: cached_page(view, params=params)
    allowed = frozenset(params)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = _key(request, allowed)
        if key is None:
            return view(request, *args, **kwargs)
        response = _cached(key)
        if response is not None:
            # As rendering the token would: the browser's CSRF cookie is sent again, renewed.
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not len(get_messages(request))
        ):
            try:
                _store().set(
                    key,
                    (response.content, dict(response.headers)),
                    timeout=settings.PAGE_CACHE_SECONDS,
                )
            except Exception:
                log.exception("could not store a cached page")
        return response

    return wrapped
