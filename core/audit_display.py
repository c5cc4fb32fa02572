"""The audit trail in the reader's language.

Entries keep field names and raw values (``core.audit``); here each change becomes a line
with the field's label (its verbose name) and its values as the interface shows them: the
label of a choice, a date in the local format, the name of a related object, "—" for
nothing. Everything is translated when shown, so an entry written by someone working in
English reads in French to a French reader.

A model may name keys of its entries that are not fields in ``audit_keys``:
``{prefix: (label, "app_label.Model.field", "app_label.Model" or None)}``; the key
``"<prefix>:<id>"`` is then shown as "label — <the object with that id>", and the key
``"<prefix>"`` as "label"; their values are formatted by that field.
"""

import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import AuditEvent

EMPTY = "—"


@dataclass(frozen=True)
class Line:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class _Key:
    """How one key of an entry is shown: its label, the field that formats its values, and
    the object its label names (for keys declared in a model's ``audit_keys``)."""

    label: str
    field: models.Field | None
    position: int  # the field's place in its model, so lines follow the forms' order
    named: tuple[str, str] | None = None  # (model label_lower, primary key)


def model_of(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def kind_label(object_type: str) -> str:
    """The kind of object in the reader's language: "Attribute score", "Assessment"."""
    model = model_of(object_type)
    return capfirst(str(model._meta.verbose_name)) if model else object_type


def _field(path: str) -> models.Field | None:
    label, __, name = path.rpartition(".")
    model = model_of(label)
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _related_label(field: models.Field) -> str | None:
    """The label_lower of the model a relation points to, or None for other fields."""
    model = field.related_model if field.is_relation else None
    return model._meta.label_lower if isinstance(model, type) else None


def _key(model: type[models.Model] | None, key: str) -> _Key:
    if model is None:
        return _Key(key, None, 0)
    fields = [*model._meta.fields, *model._meta.many_to_many]
    prefix, __, qualifier = key.partition(":")
    declared = getattr(model, "audit_keys", {}).get(prefix)
    if declared:
        label, field, named = declared
        about = (named.lower(), qualifier) if named and qualifier else None
        return _Key(capfirst(str(label)), _field(field), len(fields), about)
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return _Key(key, None, len(fields) + 1)
    if not isinstance(field, models.Field):  # a reverse relation holds no value of its own
        return _Key(key, None, len(fields) + 1)
    position = fields.index(field) if field in fields else len(fields)
    return _Key(capfirst(str(field.verbose_name)), field, position)


def _pairs(event: AuditEvent) -> Iterable[tuple[str, Any, Any]]:
    for key, values in (event.changes or {}).items():
        if isinstance(values, list) and len(values) == 2:
            yield key, values[0], values[1]


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _related(keys: Iterable[tuple[_Key, Any]]) -> dict[str, set]:
    """{model label_lower: primary keys} of the related objects the lines name."""
    wanted: dict[str, set] = defaultdict(set)
    for key, value in keys:
        if key.named:
            wanted[key.named[0]].add(key.named[1])
        label = _related_label(key.field) if key.field is not None else None
        if label is not None and not _empty(value):
            wanted[label].update(value if isinstance(value, list) else [value])
    return wanted


def _names(wanted: dict[str, set]) -> dict[tuple[str, str], str]:
    """{(model label_lower, primary key as text): the object's name}, one query per model."""
    names = {}
    for label, pks in wanted.items():
        model = model_of(label)
        if model is None:
            continue
        clean = set()
        for pk in pks:
            try:
                clean.add(model._meta.pk.to_python(pk))
            except ValidationError:  # a key of an older format names no object
                continue
        for pk, item in model._default_manager.in_bulk(clean).items():
            names[(label, str(pk))] = str(item)
    return names


def _date(value: str, field: models.Field) -> str:
    try:
        if isinstance(field, models.DateTimeField):
            moment = datetime.datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return str(value)


@functools.lru_cache(maxsize=1024)
def _choice_labels(field: models.Field, language: str | None) -> dict[Any, str]:
    """A field's choices by their labels in one language: fixed by the code, so worked out
    once rather than for every value of every line."""
    return {value: str(label) for value, label in field.flatchoices}


def show(field: models.Field | None, value: Any, names: dict[tuple[str, str], str]) -> str:
    """One value as the interface shows it, in the active language."""
    if _empty(value):
        return EMPTY
    if field is None:
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    label = _related_label(field)
    if label is not None:
        items = value if isinstance(value, list) else [value]
        return ", ".join(names.get((label, str(pk)), str(pk)) for pk in items)
    if field.choices:
        labels = _choice_labels(field, get_language())
        items = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(item, str(item)) for item in items)
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateField | models.TimeField) and isinstance(value, str):
        return _date(value, field)
    return str(value)


def describe(events: Iterable[AuditEvent], known: Iterable[models.Model] = ()) -> list[AuditEvent]:
    """Give each entry ``lines`` (its changes, labelled and formatted in the active language)
    and ``kind`` (the kind of object). Related objects are named with one query per model,
    except those in ``known``, already in hand."""
    events = list(events)
    keys: dict[tuple[str, str], _Key] = {}  # entries repeat their keys: each is read once

    def key_of(object_type: str, key: str) -> _Key:
        if (object_type, key) not in keys:
            keys[object_type, key] = _key(model_of(object_type), key)
        return keys[object_type, key]

    keyed = [
        [(key_of(event.object_type, key), before, after) for key, before, after in _pairs(event)]
        for event in events
    ]
    wanted = _related(
        (key, value) for lines in keyed for key, before, after in lines for value in (before, after)
    )
    names = {(item._meta.label_lower, str(item.pk)): str(item) for item in known}
    for label in list(wanted):
        wanted[label] = {pk for pk in wanted[label] if (label, str(pk)) not in names}
    names.update(_names({label: pks for label, pks in wanted.items() if pks}))
    for event, lines in zip(events, keyed, strict=True):
        event.kind = kind_label(event.object_type)
        shown = sorted(
            (
                (key.position, _label(key, names), key.field, before, after)
                for key, before, after in lines
                if not (_empty(before) and _empty(after))
            ),
            key=lambda line: line[:2],
        )
        event.lines = [
            Line(label, show(field, before, names), show(field, after, names))
            for __, label, field, before, after in shown
        ]
    return events


def _label(key: _Key, names: dict[tuple[str, str], str]) -> str:
    if key.named is None:
        return key.label
    return f"{key.label} — {names.get(key.named, key.named[1])}"
