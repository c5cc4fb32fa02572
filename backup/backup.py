"""Backup and restore of one organization's data through Django's serializers.

The document holds the catalogue versions the assessments use (in the catalogue's own exchange
format) and every row of the organization, each named by its natural key (a UUID, a slug, an
email address, a catalogue label), never by a database id:

- shared rows, restored only where missing and never overwritten: the inventory codes its
  services and personas use, the organizations it partners with or hands journey stages and
  opportunities to, and the people it refers to (email address and name only: no password
  ever leaves the database);
- its own rows, which must not exist in the database it is restored into: the organization,
  memberships, services with their inventory data, personas and journeys, assessments with
  scores and ratings, opportunities with their levers and reminders, feedback campaigns with
  their answers and comments as reviewed (the summary of answers is counted again), and the
  "You said, we did" pages.

Restoring runs in one transaction: a document that cannot be restored whole changes nothing.
Exporting again after a restore gives the same document.
"""

import datetime
import json
from collections.abc import Iterable
from typing import Any

from django.core import serializers
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from assessments.models import Assessment, AssessmentPersona, AttributeScore, PersonaRating
from assessments.operations import refresh_latest, refresh_summary
from catalogue.models import CatalogueVersion
from catalogue.operations import catalogue_import
from catalogue.serialization import parse, version_to_dict
from core import audit
from feedback.models import Answer, Campaign, Response
from feedback.operations import public_summary_rebuild
from improvements.models import (
    CommitmentReminder,
    ImprovementOpportunity,
    OpportunityLever,
    YouSaidItem,
    YouSaidPage,
)
from organizations.models import Membership, Organization, User
from personas.models import JourneyStage, Persona
from services.models import (
    InventoryCode,
    Service,
    ServiceStandard,
    ServiceYear,
    StandardPerformance,
)

FORMAT = "ccsmm-organization/3"
# Documents of the format before, which held no feedback from the public, restore as they are.
READABLE = (FORMAT, "ccsmm-organization/2")
SHARED = (Organization, User)
PERSON_FIELDS = ("email", "full_name")


class RestoreError(Exception):
    """The document cannot be restored here; the message says why."""


def _owned_rows(organization: Organization) -> list[Iterable[models.Model]]:
    """The organization's own rows, each kind after the kinds it refers to."""
    services = Service.objects.filter(owner=organization)
    assessments = Assessment.objects.filter(service__in=services)
    campaigns = Campaign.objects.filter(service__in=services)
    return [
        [organization],
        Membership.objects.filter(organization=organization).order_by("uuid"),
        services.order_by("uuid"),
        ServiceYear.objects.filter(service__in=services).order_by("service__uuid", "fiscal_year"),
        ServiceStandard.objects.filter(service__in=services).order_by(
            "service__uuid", "standard_id"
        ),
        StandardPerformance.objects.filter(standard__service__in=services).order_by(
            "standard__service__uuid", "standard__standard_id", "fiscal_year"
        ),
        Persona.objects.filter(service__in=services).order_by("uuid"),
        JourneyStage.objects.filter(persona__service__in=services).order_by("uuid"),
        # A baseline is an earlier assessment: created first, restored first.
        assessments.order_by("created_at", "uuid"),
        AssessmentPersona.objects.filter(assessment__in=assessments).order_by(
            "assessment__uuid", "persona__uuid"
        ),
        AttributeScore.objects.filter(assessment__in=assessments).order_by(
            "assessment__uuid", "attribute__key"
        ),
        PersonaRating.objects.filter(score__assessment__in=assessments).order_by(
            "score__assessment__uuid", "score__attribute__key", "persona__uuid"
        ),
        ImprovementOpportunity.objects.filter(assessment__in=assessments).order_by("uuid"),
        OpportunityLever.objects.filter(opportunity__assessment__in=assessments).order_by(
            "opportunity__uuid", "lever"
        ),
        CommitmentReminder.objects.filter(opportunity__assessment__in=assessments).order_by(
            "opportunity__uuid", "stage", "target_date"
        ),
        # What the public said: campaigns, answers (their summary is counted again on restore)
        # and the "You said, we did" pages that quote them.
        campaigns.order_by("uuid"),
        Response.objects.filter(campaign__in=campaigns).order_by("uuid"),
        Answer.objects.filter(response__campaign__in=campaigns).order_by(
            "response__uuid", "attribute__key"
        ),
        YouSaidPage.objects.filter(service__in=services).order_by("service__uuid"),
        YouSaidItem.objects.filter(page__service__in=services).order_by(
            "page__service__uuid", "opportunity__uuid"
        ),
    ]


def _people(rows: list[models.Model]) -> list[User]:
    """Everyone the rows refer to (members, authors, owners), by email address."""
    ids = {
        getattr(row, field.attname)
        for row in rows
        for field in row._meta.concrete_fields
        if field.is_relation and field.related_model is User and getattr(row, field.attname)
    }
    return list(User.objects.filter(pk__in=ids).order_by("email"))


def _partners(organization: Organization, rows: list[models.Model]) -> list[Organization]:
    """Other organizations the rows refer to: partners, stage and opportunity owners."""
    slugs: set[str] = set()
    for row in rows:
        for field in row._meta.get_fields():
            if field.is_relation and field.related_model is Organization and field.concrete:
                if field.many_to_many:
                    slugs.update(o.slug for o in getattr(row, field.name).all())
                elif getattr(row, field.name) is not None:
                    slugs.add(getattr(row, field.name).slug)
    slugs.discard(organization.slug)
    return list(Organization.objects.filter(slug__in=slugs).order_by("slug"))


def _codes(rows: list[models.Model]) -> list[InventoryCode]:
    """The inventory codes the rows use (segments, channels, types, scope)."""
    pks = {
        code.pk
        for row in rows
        for field in row._meta.many_to_many
        if field.related_model is InventoryCode
        for code in getattr(row, field.name).all()
    }
    return list(InventoryCode.objects.filter(pk__in=pks).order_by("resource", "field", "code"))


def _serialize(rows: Iterable[models.Model], fields: tuple[str, ...] | None = None) -> list[dict]:
    objects = serializers.serialize(
        "python",
        rows,
        fields=fields,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )
    for item in objects:
        # Related rows in a stable order, whatever order the database returns them in.
        for name, value in item["fields"].items():
            if isinstance(value, list):
                item["fields"][name] = sorted(value, key=json.dumps)
    return objects


class _Encoder(DjangoJSONEncoder):
    """Times to the microsecond: cut to the millisecond, a time restored would be written
    differently the next time (10.000456 s becomes 10 s)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[: -len("+00:00")] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def export_organization(organization: Organization) -> dict[str, Any]:
    """The organization's backup document (see the module's description)."""
    owned = [row for group in _owned_rows(organization) for row in group]
    versions = CatalogueVersion.objects.filter(
        pk__in={
            row.catalogue_version_id for row in owned if isinstance(row, (Assessment, Campaign))
        }
    ).order_by("label")
    document = {
        "format": FORMAT,
        "organization": organization.slug,
        "catalogue_versions": [{**version_to_dict(v), "status": v.status} for v in versions],
        "organizations": _serialize(_partners(organization, owned)),
        "people": _serialize(_people(owned), fields=PERSON_FIELDS),
        "codes": _serialize(_codes(owned)),
        "objects": _serialize(owned),
    }
    # The document as it will be read back: dates and decimals as text.
    return json.loads(json.dumps(document, cls=_Encoder))


def _restore_catalogue(items: list[dict]) -> None:
    for item in items:
        document = {k: v for k, v in item.items() if k not in {"status", "published_at"}}
        existing = CatalogueVersion.objects.filter(label=item["label"]).first()
        if existing is None:
            created = catalogue_import(
                parsed=parse(json.dumps(document), "json"), user=None, label=item["label"]
            )
            CatalogueVersion.objects.filter(pk=created.pk).update(
                status=item["status"], published_at=timezone.now()
            )
        elif json.loads(json.dumps(version_to_dict(existing))) != document:
            raise RestoreError(f"catalogue version {item['label']} differs from the one here")


def _restore_shared(items: list[dict]) -> None:
    """Organizations and people: created where missing, never changed where present."""
    for restored in serializers.deserialize("python", items):
        if restored.object.pk is not None:
            continue
        if isinstance(restored.object, User):
            restored.object.set_unusable_password()
        restored.save()


def _restore_owned(items: list[dict]) -> None:
    pending = []
    for restored in serializers.deserialize("python", items, handle_forward_references=True):
        if restored.object.pk is not None:
            raise RestoreError(
                f"{restored.object._meta.verbose_name} {restored.object} already exists here"
            )
        restored.save()
        if restored.deferred_fields:
            pending.append(restored)
    for restored in pending:
        restored.save_deferred_fields()


@transaction.atomic
def import_organization(data: dict[str, Any]) -> Organization:
    """Restore a backup document into this database, whole or not at all."""
    if data.get("format") not in READABLE:
        raise RestoreError(f"expected a {FORMAT} document")
    if Organization.objects.filter(slug=data["organization"]).exists():
        raise RestoreError(f"the organization {data['organization']!r} already exists here")
    try:
        _restore_catalogue(data["catalogue_versions"])
        _restore_shared(data["codes"] + data["organizations"] + data["people"])
        _restore_owned(data["objects"])
    except DeserializationError as error:
        raise RestoreError(str(error)) from None
    organization = Organization.objects.get(slug=data["organization"])
    for service in Service.objects.filter(owner=organization):
        refresh_latest(service)
        public_summary_rebuild(service=service)
    refresh_summary(organization.pk)
    _record_restored(
        list(Assessment.objects.filter(service__owner=organization).values_list("pk", flat=True))
    )
    return organization


def _record_restored(assessment_ids: list[int]) -> None:
    """Record in the audit trail the assessments, scores with their ratings, and opportunities
    a restore created (no person: a command restores)."""
    entries = []
    restored = Assessment.objects.filter(pk__in=assessment_ids).select_related("service")
    for assessment in restored.prefetch_related(
        "personas",
        "scores__attribute",
        "scores__persona_ratings",
        "opportunities__attributes",
        "opportunities__personas",
        "opportunities__stages",
    ):
        scope = str(assessment.uuid)
        personas: audit.Changes = {
            "personas": [None, sorted(p.pk for p in assessment.personas.all())]
        }
        objects: list[tuple[models.Model, audit.Changes]] = [(assessment, personas)]
        for score in assessment.scores.all():
            ratings: audit.Changes = {}
            for rating in score.persona_ratings.all():
                ratings[f"persona:{rating.persona_id}"] = [None, rating.rating]
                ratings[f"persona_note:{rating.persona_id}"] = [None, rating.note]
            objects.append((score, ratings))
        for item in assessment.opportunities.all():
            links = {
                name: [None, sorted(linked.pk for linked in getattr(item, name).all())]
                for name in ("attributes", "personas", "stages")
            }
            objects.append((item, links))
        entries += [
            audit.entry(
                actor=None,
                action=audit.CREATE,
                instance=instance,
                changes={**audit.created(instance), **extra},
                scope=scope,
            )
            for instance, extra in objects
        ]
    audit.record_many(entries)
