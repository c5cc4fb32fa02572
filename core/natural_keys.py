"""Natural keys: each row named by what people know it by (a UUID, a slug, a label and a key),
never by its database id, so data can move between databases through Django's serializers."""

from typing import Any, TypeVar
from uuid import UUID

from django.db import models

_M = TypeVar("_M", bound=models.Model)


def _follow(instance: models.Model, path: str) -> Any:
    value: Any = instance
    for part in path.split("__"):
        value = getattr(value, part)
    return str(value) if isinstance(value, UUID) else value


class NaturalKeyManager(models.Manager[_M]):
    """Finds a row by the values its model's ``NATURAL_KEY`` lookups name, in that order."""

    def get_by_natural_key(self, *values: Any) -> _M:
        names = getattr(self.model, "NATURAL_KEY")  # noqa: B009 - set by every NaturalKeyModel
        return self.get(**dict(zip(names, values, strict=True)))


class NaturalKeyModel(models.Model):
    """A model named by the lookups in ``NATURAL_KEY`` (e.g. ``("assessment__uuid", ...)``)."""

    NATURAL_KEY: tuple[str, ...] = ()

    objects = NaturalKeyManager()

    class Meta:
        abstract = True

    def natural_key(self) -> tuple[Any, ...]:
        return tuple(_follow(self, path) for path in self.NATURAL_KEY)
