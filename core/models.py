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
