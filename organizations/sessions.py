"""Sessions that read the person signed in, and their memberships, with the session.

Every signed-in request reads its session, then the person (``get_user``), then the person's
memberships (``access.memberships_of``): three queries before the page has read anything of
its own. Here the session's query joins the person and gathers their memberships, so the
three are one; it also reads the reference data's tokens (``core.fragments``). Nothing of the
person is kept between requests: what the query read is handed to the authentication backend
of the same request, once, and the backend still checks that the account may sign in; Django
still checks the session against the password (its hash).

The statement is written once per database (names from the models, quoted; the key and the
time are parameters): built through the ORM on every request, it cost more than the two
queries it saves.
"""

from contextvars import ContextVar
from functools import cache
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.db import connections, router
from django.utils import timezone

from core import fragments

# The person the session being loaded names, as read with it: (their id, the user), handed
# once to EmailBackend.get_user in the same request (a context variable: one per thread or
# task, so never another request's).
_read_with_session: ContextVar[tuple[int, Any] | None] = ContextVar(
    "read_with_session", default=None
)


@cache
def _statement(alias: str) -> tuple[str, tuple[Any, ...], int]:
    """The SELECT for a database, the user's fields in the order it reads them, and where
    among them the user's id is."""
    from .models import Membership, User, UserSession

    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = tuple(User._meta.concrete_fields)
    joined = "GROUP_CONCAT" if connection.vendor == "sqlite" else "STRING_AGG"
    membership = Membership._meta
    organization = quote(membership.get_field("organization").column)
    role = quote(membership.get_field("role").column)
    member = quote(membership.get_field("user").column)
    session = UserSession._meta
    person = quote(session.get_field("user").column)
    user_columns = ", ".join(f"u.{quote(str(f.column))}" for f in fields)
    # AbstractBaseSession's own columns, named as its fields are.
    key, data, expiry = (quote(name) for name in ("session_key", "session_data", "expire_date"))
    # Only quoted names from the models are written into the SQL; the key and the time are
    # parameters.
    sql = (
        f"SELECT s.{data}, {user_columns}, "  # noqa: S608
        f"(SELECT {joined}(CAST(m.{organization} AS TEXT) || ':' || m.{role}, ',') "
        f"FROM {quote(membership.db_table)} m WHERE m.{member} = s.{person}), "
        f"{fragments.tokens_sql(connection.vendor, quote)} "
        f"FROM {quote(session.db_table)} s "
        f"LEFT JOIN {quote(User._meta.db_table)} u ON u.{quote(User._meta.pk.column)} = s.{person} "
        f"WHERE s.{key} = %s AND s.{expiry} > %s"
    )
    return sql, fields, fields.index(User._meta.pk)


def _user_from(alias: str, fields: tuple[Any, ...], values: list[Any]) -> Any:
    """The user from the row's values, converted as the ORM converts what it reads."""
    from .models import User

    connection = connections[alias]
    converted = []
    for field, value in zip(fields, values, strict=True):
        column = field.get_col(User._meta.db_table)
        for converter in connection.ops.get_db_converters(column) + field.get_db_converters(
            connection
        ):
            value = converter(value, column, connection)
        converted.append(value)
    return User.from_db(alias, [f.attname for f in fields], converted)


def _parsed(pairs: str | None) -> list[tuple[int, str]]:
    found = []
    for pair in (pairs or "").split(","):
        organization_id, _, role = pair.partition(":")
        if organization_id:
            found.append((int(organization_id), role))
    return found


def take_user(user_id: Any) -> Any:
    """The user read with this request's session if it is the one asked for, else None;
    handed out once."""
    read = _read_with_session.get()
    _read_with_session.set(None)
    if read is None or str(read[0]) != str(user_id):
        return None
    return read[1]


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls):
        from .models import UserSession

        return UserSession

    def _get_session_from_db(self):
        # Django's lookup (an unknown or expired key reads as no session), with the person and
        # their memberships read by the same statement.
        _read_with_session.set(None)
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        sql, fields, pk = _statement(alias)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        data, values, memberships, tokens = row[0], list(row[1:-2]), row[-2], row[-1]
        fragments.receive_tokens(tokens)
        session = self.model(session_key=self.session_key, session_data=data)
        if values[pk] is not None:  # a person signed in through it
            user = _user_from(alias, fields, values)
            # What access.memberships_of reads, for this request's user object only.
            user.__dict__["_memberships"] = _parsed(memberships)
            session.user = user
            _read_with_session.set((user.pk, user))
        return session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        session.user_id = int(user_id) if user_id and str(user_id).isdigit() else None
        return session
