"""Writes for the catalogue. Every edit checks that the version is still a draft.

Every creation, change and deletion is recorded in the audit trail with the person acting,
under the version's uuid.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit

from . import queries
from .models import Attribute, CatalogueVersion, LevelDescriptor, MaturityLevel
from .serialization import ParsedCatalogue

if TYPE_CHECKING:
    from core.access import UserModel

# An attribute's descriptors by level: {level number: {"en": text, "fr": text}}.
Descriptors = dict[int, dict[str, str]]


class CatalogueLocked(ValidationError):
    """An edit to a version that is no longer a draft."""


def _require_draft(version: CatalogueVersion) -> None:
    # Read the status from the database: a stale object must not let an edit through.
    status = CatalogueVersion.objects.filter(pk=version.pk).values_list("status", flat=True).get()
    if status != CatalogueVersion.Status.DRAFT:
        raise CatalogueLocked(
            _(
                "Version %(label)s is %(status)s and can no longer be changed. "
                "Start a new draft to make changes."
            )
            % {"label": version.label, "status": CatalogueVersion.Status(status).label.lower()}
        )


def _record_change(
    user: "UserModel | None",
    instance: Attribute | CatalogueVersion | MaturityLevel,
    before: dict[str, object],
) -> None:
    """Record what changed in the fields named in ``before``, if anything did."""
    changes = audit.diff(before, audit.values(instance, before))
    version = instance if isinstance(instance, CatalogueVersion) else instance.version
    if changes:
        audit.record(
            actor=user,
            action=audit.CHANGE,
            instance=instance,
            changes=changes,
            scope=str(version.uuid),
        )


def _next_label() -> str:
    labels = CatalogueVersion.objects.values_list("label", flat=True)
    numbers = [int(label) for label in labels if label.isdigit()]
    return str(max(numbers, default=0) + 1)


def _require_no_draft() -> None:
    draft = CatalogueVersion.objects.filter(status=CatalogueVersion.Status.DRAFT).first()
    if draft is not None:
        raise ValidationError(
            _("Draft %(label)s is already open. Publish or delete it before starting another.")
            % {"label": draft.label}
        )


@transaction.atomic
def catalogue_draft_create(*, user: "UserModel | None", label: str = "") -> CatalogueVersion:
    """Start a draft as a copy of the latest published version (or empty if none)."""
    _require_no_draft()
    source = queries.latest_published()
    label = label.strip() or _next_label()
    if CatalogueVersion.objects.filter(label=label).exists():
        raise ValidationError(
            {"label": _("A version labelled %(label)s already exists.") % {"label": label}}
        )
    draft = CatalogueVersion(label=label, based_on=source, created_by=user)
    draft.full_clean()
    draft.save()
    if source is None:
        audit.record_created(actor=user, instances=[draft], scope=str(draft.uuid))
        return draft
    copies: list[Model] = [draft]
    level_map = {}
    for level in source.levels.all():
        old_pk = level.pk
        level.pk = None
        level.version = draft
        level.save()
        level_map[old_pk] = level
        copies.append(level)
    for attribute in source.attributes.prefetch_related("descriptors"):
        descriptors = list(attribute.descriptors.all())
        attribute.pk = None
        attribute.version = draft
        attribute.save()
        copies.append(attribute)
        copies += LevelDescriptor.objects.bulk_create(
            LevelDescriptor(
                attribute=attribute,
                level=level_map[d.level_id],
                text_en=d.text_en,
                text_fr=d.text_fr,
            )
            for d in descriptors
        )
    audit.record_created(actor=user, instances=copies, scope=str(draft.uuid))
    return draft


@transaction.atomic
def catalogue_update(
    *, version: CatalogueVersion, user: "UserModel | None", **fields: str
) -> CatalogueVersion:
    _require_draft(version)
    before = audit.values(version, fields)
    for name, value in fields.items():
        setattr(version, name, value)
    version.full_clean()
    version.save()
    _record_change(user, version, before)
    return version


@transaction.atomic
def level_update(*, level: MaturityLevel, user: "UserModel | None", **fields: str) -> MaturityLevel:
    _require_draft(level.version)
    before = audit.values(level, fields)
    for name, value in fields.items():
        setattr(level, name, value)
    level.full_clean()
    level.save()
    _record_change(user, level, before)
    return level


@transaction.atomic
def level_create(*, version: CatalogueVersion, user: "UserModel | None") -> MaturityLevel:
    """Add a level above the highest one, with an empty descriptor for every attribute."""
    _require_draft(version)
    top = version.levels.aggregate(top=Max("number"))["top"] or 0
    level = MaturityLevel.objects.create(version=version, number=top + 1)
    descriptors = LevelDescriptor.objects.bulk_create(
        LevelDescriptor(attribute=attribute, level=level) for attribute in version.attributes.all()
    )
    audit.record_created(actor=user, instances=[level, *descriptors], scope=str(version.uuid))
    return level


@transaction.atomic
def level_delete(*, level: MaturityLevel, user: "UserModel | None") -> None:
    """Only the highest level can go, so that numbers stay 1..N without gaps."""
    _require_draft(level.version)
    top = level.version.levels.aggregate(top=Max("number"))["top"]
    if level.number != top:
        raise ValidationError(_("Only the highest level can be removed."))
    if level.number <= 2:
        raise ValidationError(_("A catalogue needs at least two levels."))
    audit.record_deletion(actor=user, instance=level, scope=str(level.version.uuid))
    level.delete()


def _save_descriptors(
    attribute: Attribute, descriptors: Descriptors, user: "UserModel | None"
) -> None:
    levels = {level.number: level for level in attribute.version.levels.all()}
    existing = {d.level_id: d for d in attribute.descriptors.all()}
    scope = str(attribute.version.uuid)
    entries = []
    for number, level in levels.items():
        texts = descriptors.get(number)
        if texts is None:
            continue
        descriptor = existing.get(level.pk) or LevelDescriptor(attribute=attribute, level=level)
        before = audit.values(descriptor, ["text_en", "text_fr"])
        descriptor.text_en = texts.get("en", "")
        descriptor.text_fr = texts.get("fr", "")
        new = descriptor.pk is None
        descriptor.save()
        changes = (
            audit.created(descriptor)
            if new
            else audit.diff(before, audit.values(descriptor, before))
        )
        if changes:
            action = audit.CREATE if new else audit.CHANGE
            entries.append(
                audit.entry(
                    actor=user, action=action, instance=descriptor, changes=changes, scope=scope
                )
            )
    audit.record_many(entries)


@transaction.atomic
def attribute_create(
    *,
    version: CatalogueVersion,
    user: "UserModel | None",
    key: str,
    descriptors: Descriptors | None = None,
    **fields: str,
) -> Attribute:
    _require_draft(version)
    if version.attributes.filter(key=key).exists():
        raise ValidationError({"key": _("This version already has an attribute with this key.")})
    order = (version.attributes.aggregate(top=Max("order"))["top"] or 0) + 1
    attribute = Attribute(version=version, key=key, order=order, **fields)
    attribute.full_clean()
    attribute.save()
    audit.record_created(actor=user, instances=[attribute], scope=str(version.uuid))
    _save_descriptors(attribute, descriptors or {}, user)
    return attribute


@transaction.atomic
def attribute_update(
    *,
    attribute: Attribute,
    user: "UserModel | None",
    descriptors: Descriptors | None = None,
    **fields: str,
) -> Attribute:
    _require_draft(attribute.version)
    key = fields.get("key")
    if key and key != attribute.key:
        if attribute.version.attributes.filter(key=key).exclude(pk=attribute.pk).exists():
            raise ValidationError(
                {"key": _("This version already has an attribute with this key.")}
            )
    before = audit.values(attribute, fields)
    for name, value in fields.items():
        setattr(attribute, name, value)
    attribute.full_clean()
    attribute.save()
    _record_change(user, attribute, before)
    _save_descriptors(attribute, descriptors or {}, user)
    return attribute


@transaction.atomic
def attribute_delete(*, attribute: Attribute, user: "UserModel | None") -> None:
    _require_draft(attribute.version)
    audit.record_deletion(actor=user, instance=attribute, scope=str(attribute.version.uuid))
    attribute.delete()


@transaction.atomic
def attribute_move(*, attribute: Attribute, direction: str, user: "UserModel | None") -> None:
    """Swap the attribute with its neighbour above ("up") or below ("down")."""
    _require_draft(attribute.version)
    attributes = list(attribute.version.attributes.order_by("order", "key"))
    index = next(i for i, a in enumerate(attributes) if a.pk == attribute.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in {"up", "down"} or not 0 <= target < len(attributes):
        return
    attributes[index], attributes[target] = attributes[target], attributes[index]
    before = {item.pk: item.order for item in attributes}
    for position, item in enumerate(attributes, start=1):
        item.order = position
    Attribute.objects.bulk_update(attributes, ["order"])
    audit.record_many(
        audit.entry(
            actor=user,
            action=audit.CHANGE,
            instance=item,
            changes={"order": [before[item.pk], item.order]},
            scope=str(attribute.version.uuid),
        )
        for item in attributes
        if before[item.pk] != item.order
    )


@transaction.atomic
def catalogue_publish(*, version: CatalogueVersion, user: "UserModel | None") -> CatalogueVersion:
    """Publish a complete draft. Refused, with every missing piece listed, when incomplete."""
    version = CatalogueVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    missing = queries.missing_items(version)
    if missing:
        raise ValidationError(missing)
    before = audit.values(version, ["status", "published_at", "published_by"])
    version.status = CatalogueVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = user
    version.save(update_fields=["status", "published_at", "published_by"])
    _record_change(user, version, before)
    return version


@transaction.atomic
def catalogue_retire(*, version: CatalogueVersion, user: "UserModel | None") -> CatalogueVersion:
    version = CatalogueVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != CatalogueVersion.Status.PUBLISHED:
        raise ValidationError(_("Only a published version can be retired."))
    before = audit.values(version, ["status", "retired_at"])
    version.status = CatalogueVersion.Status.RETIRED
    version.retired_at = timezone.now()
    version.save(update_fields=["status", "retired_at"])
    _record_change(user, version, before)
    return version


@transaction.atomic
def catalogue_draft_delete(*, version: CatalogueVersion, user: "UserModel | None") -> None:
    _require_draft(version)
    audit.record_deletion(actor=user, instance=version, scope=str(version.uuid))
    version.delete()


@transaction.atomic
def catalogue_import(
    *, parsed: ParsedCatalogue, user: "UserModel | None", label: str = ""
) -> CatalogueVersion:
    """Create a new draft from a parsed document. All or nothing."""
    _require_no_draft()
    label = (label or parsed.label).strip()
    if CatalogueVersion.objects.filter(label=label).exists():
        raise ValidationError(
            {
                "label": _(
                    "A version labelled %(label)s already exists. Give the import another label."
                )
                % {"label": label}
            }
        )
    version = CatalogueVersion(
        label=label,
        change_notes_en=parsed.change_notes_en,
        change_notes_fr=parsed.change_notes_fr,
        created_by=user,
    )
    version.full_clean()
    try:
        version.save()
    except IntegrityError:
        raise ValidationError(_("Another draft was started at the same time.")) from None
    levels = MaturityLevel.objects.bulk_create(
        MaturityLevel(version=version, **level) for level in parsed.levels
    )
    by_number = {level.number: level for level in levels}
    created: list[Model] = [version, *levels]
    for order, data in enumerate(parsed.attributes, start=1):
        attribute = Attribute.objects.create(
            version=version,
            key=data["key"],
            order=order,
            name_en=data["name_en"],
            name_fr=data["name_fr"],
            definition_en=data["definition_en"],
            definition_fr=data["definition_fr"],
            questions_en="\n".join(data["questions_en"]),
            questions_fr="\n".join(data["questions_fr"]),
            public_question_en=data["public_question_en"],
            public_question_fr=data["public_question_fr"],
        )
        created.append(attribute)
        created += LevelDescriptor.objects.bulk_create(
            LevelDescriptor(
                attribute=attribute,
                level=by_number[number],
                text_en=texts["en"],
                text_fr=texts["fr"],
            )
            for number, texts in data["descriptors"].items()
        )
    audit.record_created(actor=user, instances=created, scope=str(version.uuid))
    return version
