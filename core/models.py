from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from .audit_display import Line


class AuditEvent(models.Model):
    """Who created, changed or deleted which catalogue, assessment, score or opportunity data, and when.

    Written by the operations themselves (``core.audit``); ``changes`` holds
    ``{field name: [before, after]}`` with raw values, shown translated (``core.audit_display``).
    """

    # Set by core.audit_display.describe when entries are shown, never stored: the kind of
    # object in the reader's language and the changes as labelled lines.
    kind: str
    lines: list["Line"]
    # Set by a page listing the entries of several objects (an assessment's history): what
    # the entry is about.
    item: str

    class Action(models.TextChoices):
        CREATE = "create", pgettext_lazy("audit action", "Created")
        CHANGE = "change", pgettext_lazy("audit action", "Changed")
        DELETE = "delete", pgettext_lazy("audit action", "Deleted")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=60, db_index=True)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    # What the entry belongs to, read together: the assessment's uuid for an assessment, its
    # scores and opportunities; the catalogue version's uuid for its content.
    scope = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type} {self.object_id}"


class RateEvent(models.Model):
    """One counted event of a limit (a failed sign-in, a password-reset request): kept in the
    database, so a limit holds whatever happens to Redis and cannot be reset by restoring a
    cache snapshot. ``key`` names what is counted (an account, an account from one client);
    client addresses appear only as keyed hashes."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["scope", "key", "at"], name="rate_event_scope_key_at"),
            models.Index(fields=["scope", "at"], name="rate_event_scope_at"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.at:%Y-%m-%d %H:%M:%S}"


class DataToken(models.Model):
    """What a kind of reference data (the organizations, the code lists, the catalogue) is at
    now: a random token that database triggers replace, in the same transaction, whenever one
    of its tables is written, whoever writes it (the platform, psql, a restore). Fragments
    built from that data are kept under the token (``core.fragments``)."""

    topic = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.topic} {self.token}"
