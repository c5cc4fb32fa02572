"""The audit trail: who created, changed or deleted which data, and when.

Each operation records its own writes, inside its own transaction: it names the person
acting (None for commands and background work) and gives the values it already holds, so
an entry costs no extra read, and the entries of a bulk write are written with one INSERT.
An entry keeps field names and raw values; ``core.audit_display`` shows them with their
labels in the reader's language.

The ``scope`` of an entry groups what belongs together: the assessment's uuid for an
assessment, its scores and its opportunities; the catalogue version's uuid for a version,
its levels, attributes and descriptors.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, router
from django.db.models.deletion import Collector

from .models import AuditEvent

if TYPE_CHECKING:
    from .access import AnyUser

# The person acting: None for commands and background work. An anonymous visitor, like a
# user not saved, is recorded as None.
Actor: TypeAlias = "AnyUser | None"

CREATE = AuditEvent.Action.CREATE
CHANGE = AuditEvent.Action.CHANGE
DELETE = AuditEvent.Action.DELETE

# Bookkeeping columns, by attname: the entry's own time and person say the same, and a
# score's version counter goes up with every save.
IGNORED = frozenset({"version", "created_by_id", "updated_by_id", "updated_at"})

Changes = dict[str, list[Any]]


def raw(value: Any) -> Any:
    """A value as JSON keeps it: numbers, text, booleans and None as they are, dates in ISO
    format, an object as its primary key, a collection as a list."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return [raw(item) for item in value]
    return str(value)


def _recorded_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.editable and field.attname not in IGNORED
    ]


def values(instance: models.Model, names: Iterable[str] | None = None) -> dict[str, Any]:
    """{field name: raw value} of the instance as it is in memory: every recorded field, or
    only ``names``. A relation is kept as the related object's primary key."""
    fields = _recorded_fields(type(instance))
    if names is not None:
        wanted = set(names)
        fields = [field for field in fields if field.name in wanted]
    return {field.name: raw(getattr(instance, field.attname)) for field in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """{name: [before, after]} for every name of ``after`` whose value differs from ``before``."""
    changes = {}
    for name, value in after.items():
        old, new = raw(before.get(name)), raw(value)
        if old != new:
            changes[name] = [old, new]
    return changes


def created(instance: models.Model) -> Changes:
    """The changes of a creation: every recorded field, from nothing to its value."""
    return {name: [None, value] for name, value in values(instance).items()}


def deleted(instance: models.Model) -> Changes:
    """The changes of a deletion: every recorded field, from its value to nothing."""
    return {name: [value, None] for name, value in values(instance).items()}


def linked(instance: models.Model, names: Iterable[str]) -> dict[str, list[Any]]:
    """{many-to-many field name: sorted primary keys of the linked objects} (one query each)."""
    return {name: sorted(getattr(instance, name).values_list("pk", flat=True)) for name in names}


def entry(
    *,
    actor: Actor,
    action: str,
    instance: models.Model,
    changes: Mapping[str, Any] | None = None,
    scope: str = "",
) -> AuditEvent:
    """An entry, not yet written (see ``record_many``)."""
    return AuditEvent(
        actor=actor if isinstance(actor, AbstractBaseUser) and actor.pk is not None else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=dict(changes or {}),
        scope=scope,
    )


def record(
    *,
    actor: Actor,
    action: str,
    instance: models.Model,
    changes: Mapping[str, Any] | None = None,
    scope: str = "",
) -> AuditEvent:
    """Write one entry."""
    event = entry(actor=actor, action=action, instance=instance, changes=changes, scope=scope)
    event.save()
    return event


def record_change(
    *, actor: Actor, instance: models.Model, before: Mapping[str, Any], scope: str = ""
) -> AuditEvent:
    """Write what changed in ``instance`` since ``before`` (its ``values``, read before the
    change, of the fields that may have changed)."""
    changes = diff(before, values(instance, list(before)))
    return record(actor=actor, action=CHANGE, instance=instance, changes=changes, scope=scope)


def record_many(entries: Iterable[AuditEvent]) -> list[AuditEvent]:
    """Write many entries with one INSERT."""
    return AuditEvent.objects.bulk_create(list(entries))


def record_created(
    *, actor: Actor, instances: Iterable[models.Model], scope: str = ""
) -> list[AuditEvent]:
    """Record the creation of objects just saved (or bulk-created), with one INSERT."""
    return record_many(
        entry(actor=actor, action=CREATE, instance=item, changes=created(item), scope=scope)
        for item in instances
    )


def cascade(instance: models.Model) -> list[models.Model]:
    """The objects that deleting ``instance`` also deletes (``on_delete=CASCADE``), read from
    the database; many-to-many links are left out (the deleted object's entry lists them)."""
    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    collector.collect([instance])
    found: list[models.Model] = []
    for model, objects in collector.data.items():
        if not model._meta.auto_created:
            found.extend(item for item in objects if item is not instance)
    for queryset in collector.fast_deletes:
        if not queryset.model._meta.auto_created:
            found.extend(queryset)
    return found


def record_deletion(
    *,
    actor: Actor,
    instance: models.Model,
    scope: str = "",
    extra: Mapping[str, list[Any]] | None = None,
) -> list[AuditEvent]:
    """Record the deletion of ``instance`` and of everything its deletion cascades to, with
    their last values. Call it just before deleting, in the same transaction."""
    first = entry(
        actor=actor,
        action=DELETE,
        instance=instance,
        changes={**deleted(instance), **(extra or {})},
        scope=scope,
    )
    others = (
        entry(actor=actor, action=DELETE, instance=item, changes=deleted(item), scope=scope)
        for item in cascade(instance)
    )
    return record_many([first, *others])
