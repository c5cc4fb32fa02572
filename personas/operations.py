"""Writes for personas and their journey stages."""

from collections.abc import Iterable, Mapping
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization, User
from services.models import InventoryCode, Service
from services.operations import codes_in_list

from .models import JourneyStage, Persona

PERSONA_FIELDS = [
    "name", "segment", "age_band", "household", "location_type", "province", "languages",
    "digital_access", "digital_confidence", "accessibility_needs", "trigger", "goals", "needs",
    "pain_points", "support_network", "evidence_base", "evidence_sources",
]  # fmt: skip
STAGE_FIELDS = ["name", "actions", "channel", "organization", "sentiment", "pain_points"]


class PersonaFields(TypedDict, total=False):
    """What a persona's form gives (PERSONA_FIELDS and its preferred channels' codes)."""

    name: str
    segment: str
    age_band: str
    household: str
    location_type: str
    province: str
    languages: str
    digital_access: str
    digital_confidence: str
    accessibility_needs: str
    trigger: str
    goals: str
    needs: str
    pain_points: str
    support_network: str
    evidence_base: str
    evidence_sources: str
    preferred_channels: Iterable[str]


class StageFields(TypedDict, total=False):
    """What a journey stage's form gives (STAGE_FIELDS)."""

    name: str
    actions: str
    channel: str
    organization: Organization | None
    sentiment: int
    pain_points: str


def _require_active(persona: Persona) -> None:
    if persona.is_archived:
        raise ValidationError(
            _("%(name)s is archived. Restore the persona before changing it.")
            % {"name": persona.name}
        )


def _set(obj: models.Model, fields: Mapping[str, object], allowed: list[str]) -> None:
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"unexpected field {name}")
        setattr(obj, name, value)


def _channels(fields: PersonaFields) -> list[InventoryCode] | None:
    """The preferred channels given (codes of the inventory's channel list), or None."""
    if "preferred_channels" not in fields:
        return None
    return codes_in_list(
        "channels", fields.pop("preferred_channels"), error_field="preferred_channels"
    )


@transaction.atomic
def persona_create(
    *, service: Service, user: User | None, **fields: Unpack[PersonaFields]
) -> Persona:
    persona = Persona(service=service, created_by=user)
    channels = _channels(fields)
    _set(persona, fields, PERSONA_FIELDS)
    persona.full_clean()
    persona.save()
    if channels:
        persona.preferred_channels.set(channels)
    return persona


@transaction.atomic
def persona_update(*, persona: Persona, **fields: Unpack[PersonaFields]) -> Persona:
    _require_active(persona)
    channels = _channels(fields)
    _set(persona, fields, PERSONA_FIELDS)
    persona.full_clean()
    persona.save()
    if channels is not None:
        persona.preferred_channels.set(channels)
    return persona


@transaction.atomic
def persona_archive(*, persona: Persona) -> Persona:
    if not persona.is_archived:
        persona.archived_at = timezone.now()
        persona.save(update_fields=["archived_at", "updated_at"])
    return persona


@transaction.atomic
def persona_restore(*, persona: Persona) -> Persona:
    persona.archived_at = None
    persona.save(update_fields=["archived_at", "updated_at"])
    return persona


def persona_delete(*, persona: Persona) -> None:
    """Delete a persona nobody refers to. Once an assessment refers to it, archive it instead."""
    try:
        with transaction.atomic():
            persona.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "%(name)s is used by an assessment and cannot be deleted, so that the assessment "
                "keeps its history. Archive the persona instead."
            )
            % {"name": persona.name},
            code="protected",
        ) from None


@transaction.atomic
def persona_duplicate(*, persona: Persona, service: Service, user: User | None) -> Persona:
    """Copy a persona and its journey to another service of the same organization."""
    if service.owner_id != persona.service.owner_id:
        raise ValidationError(
            {"service": _("A persona can only be copied to a service of the same organization.")}
        )
    copy = Persona(service=service, created_by=user)
    for name in PERSONA_FIELDS:
        setattr(copy, name, getattr(persona, name))
    if service.pk == persona.service_id:
        copy.name = _("%(name)s (copy)") % {"name": persona.name}
    copy.full_clean()
    copy.save()
    copy.preferred_channels.set(persona.preferred_channels.all())
    JourneyStage.objects.bulk_create(
        JourneyStage(
            persona=copy, order=stage.order, **{f: getattr(stage, f) for f in STAGE_FIELDS}
        )
        for stage in persona.stages.all()
    )
    return copy


@transaction.atomic
def stage_create(*, persona: Persona, **fields: Unpack[StageFields]) -> JourneyStage:
    _require_active(persona)
    top = persona.stages.aggregate(top=Max("order"))["top"] or 0
    stage = JourneyStage(persona=persona, order=top + 1)
    _set(stage, fields, STAGE_FIELDS)
    stage.full_clean()
    stage.save()
    return stage


@transaction.atomic
def stage_update(*, stage: JourneyStage, **fields: Unpack[StageFields]) -> JourneyStage:
    _require_active(stage.persona)
    _set(stage, fields, STAGE_FIELDS)
    stage.full_clean()
    stage.save()
    return stage


def _renumber(stages: list[JourneyStage]) -> None:
    for position, stage in enumerate(stages, start=1):
        stage.order = position
    JourneyStage.objects.bulk_update(stages, ["order"])


@transaction.atomic
def stage_delete(*, stage: JourneyStage) -> None:
    _require_active(stage.persona)
    persona = stage.persona
    stage.delete()
    _renumber(list(persona.stages.order_by("order", "pk")))


@transaction.atomic
def stage_move(*, stage: JourneyStage, direction: str) -> None:
    """Swap a stage with the one before ("up") or after ("down")."""
    _require_active(stage.persona)
    stages = list(stage.persona.stages.order_by("order", "pk"))
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in {"up", "down"} or not 0 <= target < len(stages):
        return
    stages[index], stages[target] = stages[target], stages[index]
    _renumber(stages)
