"""Sessions that read the person signed in, and their memberships, with the session.

Every signed-in request reads its session, then the person (``get_user``), then the person's
memberships (``access.memberships_of``): three queries before the page has read anything of
its own. Here the session's query joins the person and gathers their memberships, so the
three are one. Nothing is kept between requests: what the query read is handed to the
authentication backend of the same request, once, and the backend still checks that the
account may sign in; Django still checks the session against the password (its hash).
"""

import logging
from contextvars import ContextVar
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.core.exceptions import SuspiciousOperation
from django.db.models import Aggregate, CharField, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

# The person the session being loaded names, as read with it: (their id, the user), handed
# once to EmailBackend.get_user in the same request (a context variable: one per thread or
# task, so never another request's).
_read_with_session: ContextVar[tuple[int, Any] | None] = ContextVar(
    "read_with_session", default=None
)


class _Joined(Aggregate):
    """The values of a group joined by commas (STRING_AGG, GROUP_CONCAT on SQLite)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _memberships():
    """The session's person's memberships as "organization id:role,…", in one column."""
    from .models import Membership

    pairs = (
        Membership.objects.filter(user_id=OuterRef("user_id"))
        .order_by()
        .values("user_id")
        .annotate(pairs=_Joined(Concat(Cast("organization_id", CharField()), Value(":"), "role")))
        .values("pairs")
    )
    return Subquery(pairs, output_field=TextField())


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
        # Django's lookup (a missing or suspicious key reads as no session), with the person
        # and their memberships read by the same query.
        _read_with_session.set(None)
        try:
            session = (
                self.model.objects.select_related("user")
                .annotate(memberships=_memberships())
                .get(session_key=self.session_key, expire_date__gt=timezone.now())
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            self._session_key = None
            return None
        if session is not None and session.user is not None:
            user = session.user
            # What access.memberships_of reads, for this request's user object only.
            user.__dict__["_memberships"] = _parsed(session.memberships)
            _read_with_session.set((user.pk, user))
        return session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        session.user_id = int(user_id) if user_id and str(user_id).isdigit() else None
        return session
