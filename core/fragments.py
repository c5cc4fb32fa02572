"""Data-only fragments (a code list, the catalogue's versions), kept in each process under
tokens kept in the database.

Reference data is read on many pages and changes seldom. Each kind of it (a topic) has a
token in ``DataToken``, which triggers on its tables replace with a random one in the same
statement as any write, whoever makes it: the platform, psql, a restore. A request reads the
tokens with its session (one statement, ``organizations.sessions``), so a fragment built
under a token is used only while the database still holds that token: the next request after
a write builds it again. Fragments hold data only, never what a person may see: every view
still checks access on every request, and lists that depend on the person are never kept.

A fragment is built from what the database holds after its token was read (the token first,
then the data), so what is kept is never older than its token. Without a session (a task, a
page open to everyone) nothing is kept: the data is read as before.
"""

import re
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import connections, models, router

T = TypeVar("T")

# The databases whose triggers renew the tokens; on any other, nothing is kept.
TRIGGERED = ("postgresql", "sqlite")

# Topic -> the models whose tables make it.
_WATCHED: dict[str, list[type[models.Model]]] = {}
# (topic, key) -> (token, fragment), in this process.
_KEPT: dict[tuple[str, Hashable], tuple[str, Any]] = {}
# The tokens read with this request's session; None outside a signed-in request.
_REQUEST_TOKENS: ContextVar[dict[str, str] | None] = ContextVar("request_tokens", default=None)


def watch(topic: str, *watched: type[models.Model]) -> None:
    """Any write to these models' tables renews the topic's token (its triggers are installed
    after ``migrate``). The topic is written into the triggers' SQL: lower-case letters."""
    if not re.fullmatch(r"[a-z_]+", topic):
        raise ValueError(f"a topic is named with lower-case letters: {topic!r}")
    _WATCHED.setdefault(topic, [])
    for model in watched:
        if model not in _WATCHED[topic]:
            _WATCHED[topic].append(model)


def _table() -> str:
    from .models import DataToken

    return DataToken._meta.db_table


def tokens_sql(vendor: str, quote: Callable[[str], str]) -> str:
    """A scalar subquery giving every token as ``topic=token,topic=token``."""
    joined = "GROUP_CONCAT" if vendor == "sqlite" else "STRING_AGG"
    table = quote(_table())
    pair = f"t.{quote('topic')} || '=' || t.{quote('token')}"
    return f"(SELECT {joined}({pair}, ',') FROM {table} t)"  # noqa: S608 (quoted names)


def _parsed(text: str | None) -> dict[str, str]:
    pairs = (pair.partition("=") for pair in (text or "").split(",") if pair)
    return {topic: token for topic, _, token in pairs}


def receive_tokens(text: str | None) -> None:
    """The tokens read with this request's session (``tokens_sql``)."""
    _REQUEST_TOKENS.set(_parsed(text))


def forget_tokens(**_signal: Any) -> None:
    """At the start and the end of every request: no request uses another's tokens."""
    _REQUEST_TOKENS.set(None)


def _current_tokens(alias: str) -> dict[str, str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {tokens_sql(connection.vendor, connection.ops.quote_name)}")
        (text,) = cursor.fetchone()
    return _parsed(text)


def fragment(topic: str, key: Hashable, build: Callable[[], T]) -> T:
    """What ``build`` reads of the topic's data: kept, and used again while the database holds
    the same token. ``key`` tells apart the fragments of one topic (a language, say); the
    fragment is shared by requests, so callers must not change it."""
    tokens = _REQUEST_TOKENS.get()
    alias = router.db_for_read(_WATCHED[topic][0])
    if tokens is None or connections[alias].vendor not in TRIGGERED:
        return build()
    token = tokens.get(topic)
    kept = _KEPT.get((topic, key))
    if token is not None and kept is not None and kept[0] == token:
        return kept[1]
    # The token as it is now, read before the data, so the fragment is never older than it.
    now = _current_tokens(alias).get(topic)
    value = build()
    if now is not None:
        _KEPT[(topic, key)] = (now, value)
    return value


def install_triggers(using: str = "default", **_signal: Any) -> None:
    """Triggers that renew a topic's token on every write to its tables, and a new token for
    every topic; run after every ``migrate`` (a table that SQLite rebuilt has lost its
    triggers). Idempotent. Topics and table names come from the code, never from input."""
    connection = connections[using]
    if connection.vendor not in TRIGGERED:
        return
    quote = connection.ops.quote_name
    table = quote(_table())
    random_token = (
        "md5(random()::text || clock_timestamp()::text)"
        if connection.vendor == "postgresql"
        else "lower(hex(randomblob(16)))"
    )
    upsert = " ON CONFLICT (topic) DO UPDATE SET token = excluded.token"
    insert = f"INSERT INTO {table} (topic, token) VALUES"  # noqa: S608 (a quoted name)
    renew_pg = f"{insert} (TG_ARGV[0], {random_token}){upsert}"
    statements = [f"{insert} ('{topic}', {random_token}){upsert}" for topic in _WATCHED]
    if connection.vendor == "postgresql":
        statements.insert(
            0,
            "CREATE OR REPLACE FUNCTION core_renew_data_token() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {renew_pg}; RETURN NULL; END $$",
        )
    for topic, watched in _WATCHED.items():
        for model in watched:
            name = model._meta.db_table
            if connection.vendor == "postgresql":
                trigger = quote(f"core_token_{name}")
                statements += [
                    f"DROP TRIGGER IF EXISTS {trigger} ON {quote(name)}",
                    f"CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {quote(name)} FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION core_renew_data_token('{topic}')",
                ]
            elif connection.vendor == "sqlite":
                for event in ("INSERT", "UPDATE", "DELETE"):
                    trigger = quote(f"core_token_{name}_{event.lower()}")
                    statements.append(
                        f"CREATE TRIGGER IF NOT EXISTS {trigger} AFTER {event} ON {quote(name)} "
                        f"BEGIN {insert} ('{topic}', {random_token}){upsert}; END"
                    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
