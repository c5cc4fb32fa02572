"""Writes for assessments: start, score, review, complete."""

from collections.abc import Mapping
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import queries as catalogue_queries
from core import audit
from organizations.models import User
from services.models import Service

from .models import (
    Assessment,
    AssessmentPersona,
    AttributeScore,
    LatestLevel,
    OrganizationSummary,
    PersonaRating,
    ServiceLatest,
)


class AssessmentLocked(ValidationError):
    """A change to an assessment whose status no longer allows it."""


class ScoreConflict(Exception):
    """Someone else saved this score since it was opened; ``current`` holds their values."""

    def __init__(self, current: AttributeScore) -> None:
        super().__init__("score changed by someone else")
        self.current = current


def _status_now(assessment: Assessment) -> str:
    # Read from the database: a stale object must not let a change through.
    return Assessment.objects.filter(pk=assessment.pk).values_list("status", flat=True).get()


def _require_status(assessment: Assessment, status: str) -> None:
    current = _status_now(assessment)
    if current == status:
        assessment.status = current  # the object in hand may be older than the database
        return
    if current == Assessment.Status.COMPLETED:
        message = _(
            "This assessment is completed and can no longer be changed. Start the next cycle to assess again."
        )
    elif current == Assessment.Status.IN_REVIEW and status == Assessment.Status.DRAFT:
        message = _(
            "This assessment is in review. The service manager can send it back to the team for changes."
        )
    else:
        message = _("This assessment is %(status)s; that step is not possible now.") % {
            "status": Assessment.Status(current).label.lower()
        }
    raise AssessmentLocked(message)


def latest_completed(service: Service) -> Assessment | None:
    return (
        Assessment.objects.filter(service=service, status=Assessment.Status.COMPLETED)
        .order_by("-completed_at", "-pk")
        .first()
    )


@transaction.atomic
def assessment_start(*, service: Service, cycle: str, user: User) -> Assessment:
    """Pin the latest published catalogue, link the last completed assessment as baseline,
    and list the service's active personas."""
    cycle = cycle.strip()
    version = catalogue_queries.latest_published()
    if version is None:
        raise ValidationError(
            _("No catalogue version is published yet. Ask ICCS staff to publish one.")
        )
    if not cycle:
        raise ValidationError({"cycle": _("Give the cycle a label, such as 2026-27.")})
    if Assessment.objects.filter(service=service, cycle=cycle).exists():
        raise ValidationError(
            {
                "cycle": _("This service already has an assessment for the cycle %(cycle)s.")
                % {"cycle": cycle}
            }
        )
    assessment = Assessment(
        service=service,
        catalogue_version=version,
        cycle=cycle,
        baseline=latest_completed(service),
        created_by=user,
    )
    assessment.full_clean()
    assessment.save()
    links = AssessmentPersona.objects.bulk_create(
        AssessmentPersona(assessment=assessment, persona=persona)
        for persona in service.personas.filter(archived_at__isnull=True)
    )
    scores = AttributeScore.objects.bulk_create(
        AttributeScore(assessment=assessment, attribute=attribute)
        for attribute in version.attributes.all()
    )
    scope = str(assessment.uuid)
    personas = {"personas": [None, sorted(link.persona_id for link in links)]}
    audit.record_many(
        [
            audit.entry(
                actor=user,
                action=audit.CREATE,
                instance=assessment,
                changes={**audit.created(assessment), **personas},
                scope=scope,
            ),
            *(
                audit.entry(
                    actor=user,
                    action=audit.CREATE,
                    instance=s,
                    changes=audit.created(s),
                    scope=scope,
                )
                for s in scores
            ),
        ]
    )
    return assessment


SCORE_FIELDS = ["current_level", "target_level", "rationale", "evidence", "confidence"]


class ScoreFields(TypedDict, total=False):
    """The values of a score that a save may change (SCORE_FIELDS)."""

    current_level: int | None
    target_level: int | None
    rationale: str
    evidence: str
    confidence: str


# {persona id: (rating or None, note)}
Ratings = dict[int, tuple[int | None, str]]


@transaction.atomic
def score_save(
    *,
    score: AttributeScore,
    user: User,
    version: int,
    ratings: Ratings | None = None,
    **fields: Unpack[ScoreFields],
) -> AttributeScore:
    """Save a score if nobody saved it since ``version`` was read; record what changed.

    ``ratings`` maps a persona id to (rating or None, note).
    """
    _require_status(score.assessment, Assessment.Status.DRAFT)
    levels = score.assessment.catalogue_version.levels.count()
    errors = {}
    current, target = fields.get("current_level"), fields.get("target_level")
    for name, level in (("current_level", current), ("target_level", target)):
        if level is not None and not 1 <= level <= levels:
            errors[name] = _("Choose a level from 1 to %(n)s.") % {"n": levels}
    if current is not None and target is not None and target < current:
        errors["target_level"] = _("The target level cannot be below the current level.")
    if errors:
        raise ValidationError(errors)

    # Every save raises the version, so an object read at ``version`` holds the values being
    # replaced: the audit trail needs no read of its own. Only a stale object is read again.
    before = score
    if score.version != version:
        before = AttributeScore.objects.select_for_update().get(pk=score.pk)
        if before.version != version:
            raise ScoreConflict(before)
    given: Mapping[str, object] = fields
    saved = {name: given[name] for name in SCORE_FIELDS if name in given}
    now = timezone.now()
    updated = AttributeScore.objects.filter(pk=score.pk, version=version).update(
        **saved, version=F("version") + 1, updated_by=user, updated_at=now
    )
    if not updated:
        raise ScoreConflict(AttributeScore.objects.select_related("updated_by").get(pk=score.pk))
    changes = audit.diff(audit.values(before, saved), saved)
    if ratings is not None:
        changes.update(_save_ratings(score, ratings))
    if changes:
        audit.record(
            actor=user,
            action=audit.CHANGE,
            instance=score,
            changes=changes,
            scope=str(score.assessment.uuid),
        )
    if before is not score:
        score.refresh_from_db()
        return score
    for name, value in saved.items():
        setattr(score, name, value)
    score.version, score.updated_by, score.updated_at = version + 1, user, now
    return score


def _save_ratings(score: AttributeScore, ratings: Ratings) -> audit.Changes:
    """Save the ratings; return their changes for the audit trail, keyed "persona:<id>" (the
    rating) and "persona_note:<id>" (see AttributeScore.audit_keys)."""
    allowed = set(score.assessment.personas.values_list("pk", flat=True))
    existing = {r.persona_id: r for r in score.persona_ratings.all()}
    changes = {}
    for persona_id, (rating, note) in ratings.items():
        if persona_id not in allowed:
            raise ValidationError(_("That persona is not part of this assessment."))
        old = existing.get(persona_id)
        before = (old.rating, old.note) if old is not None else (None, "")
        if rating is None:
            if old is not None:
                old.delete()
            note = ""
        elif old is None:
            PersonaRating.objects.create(
                score=score, persona_id=persona_id, rating=rating, note=note
            )
        elif (old.rating, old.note) != (rating, note):
            old.rating, old.note = rating, note
            old.save(update_fields=["rating", "note"])
        rating_key, note_key = f"persona:{persona_id}", f"persona_note:{persona_id}"
        changes.update(
            audit.diff(
                {rating_key: before[0], note_key: before[1]}, {rating_key: rating, note_key: note}
            )
        )
    return changes


def _save_recorded(assessment: Assessment, user: User, **fields: object) -> None:
    """Save these fields of the assessment and record what they were and what they become."""
    before = audit.values(assessment, fields)
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.save(update_fields=list(fields))
    changes = audit.diff(before, audit.values(assessment, fields))
    if changes:
        audit.record(
            actor=user,
            action=audit.CHANGE,
            instance=assessment,
            changes=changes,
            scope=str(assessment.uuid),
        )


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user: User) -> Assessment:
    _require_status(assessment, Assessment.Status.DRAFT)
    _save_recorded(
        assessment, user, status=Assessment.Status.IN_REVIEW, submitted_at=timezone.now()
    )
    return assessment


@transaction.atomic
def assessment_send_back(*, assessment: Assessment, comments: str, user: User) -> Assessment:
    _require_status(assessment, Assessment.Status.IN_REVIEW)
    if not comments.strip():
        raise ValidationError({"comments": _("Say what the team should change.")})
    _save_recorded(
        assessment, user, status=Assessment.Status.DRAFT, review_comments=comments.strip()
    )
    return assessment


def unscored(assessment: Assessment) -> list[AttributeScore]:
    return [
        s
        for s in assessment.scores.select_related("attribute").order_by("attribute__order")
        if not s.is_scored
    ]


@transaction.atomic
def assessment_complete(*, assessment: Assessment, user: User) -> Assessment:
    """Complete an assessment in review. Refused while any attribute lacks a current and a target level."""
    _require_status(assessment, Assessment.Status.IN_REVIEW)
    missing = unscored(assessment)
    if missing:
        raise ValidationError(
            [
                _("%(attribute)s has no current or target level yet.")
                % {"attribute": s.attribute.name}
                for s in missing
            ]
        )
    _save_recorded(
        assessment,
        user,
        status=Assessment.Status.COMPLETED,
        completed_at=timezone.now(),
        completed_by=user,
    )
    refresh_latest(assessment.service)
    refresh_summary(assessment.service.owner_id)
    return assessment


def _levels_by_key(assessment_id: int | None) -> dict[str, tuple[int | None, int | None]]:
    if assessment_id is None:
        return {}
    return {
        key: (current, target)
        for key, current, target in AttributeScore.objects.filter(
            assessment_id=assessment_id
        ).values_list("attribute__key", "current_level", "target_level")
    }


def refresh_latest(service: Service) -> None:
    """Point the service at its two most recent completed assessments, and keep beside the
    pointer what the heat map shows and sorts on: the latest levels by attribute (with the
    previous current level), their average and the largest gap."""
    completed = list(
        Assessment.objects.filter(service=service, status=Assessment.Status.COMPLETED)
        .order_by("-completed_at", "-pk")
        .values("pk", "cycle", "catalogue_version_id")[:2]
    )
    LatestLevel.objects.filter(service=service).delete()
    if not completed:
        ServiceLatest.objects.filter(service=service).delete()
        return
    latest = _levels_by_key(completed[0]["pk"])
    previous = _levels_by_key(completed[1]["pk"] if len(completed) > 1 else None)
    scored = [(c, t) for c, t in latest.values() if c is not None and t is not None]
    average = sum(c for c, _t in scored) / len(scored) if scored else None
    ServiceLatest.objects.update_or_create(
        service=service,
        defaults={
            "latest_id": completed[0]["pk"],
            "previous_id": completed[1]["pk"] if len(completed) > 1 else None,
            "cycle": completed[0]["cycle"],
            "catalogue_version_id": completed[0]["catalogue_version_id"],
            "average_current": average,
            "max_gap": max((t - c for c, t in scored), default=None),
            "levels": {
                key: [current, target, previous.get(key, (None, None))[0]]
                for key, (current, target) in latest.items()
            },
        },
    )
    LatestLevel.objects.bulk_create(
        LatestLevel(
            service=service,
            attribute_key=key,
            current_level=current,
            target_level=target,
            previous_level=previous.get(key, (None, None))[0],
            average_current=average,
        )
        for key, (current, target) in latest.items()
    )


def refresh_summary(organization_id: int) -> None:
    """Recompute the organization's totals per attribute key from its services' latest assessments."""
    rows = (
        AttributeScore.objects.filter(
            assessment__in=ServiceLatest.objects.filter(service__owner_id=organization_id).values(
                "latest_id"
            ),
            current_level__isnull=False,
            target_level__isnull=False,
        )
        .values("attribute__key")
        .annotate(
            services=Count("pk"), sum_current=Sum("current_level"), sum_target=Sum("target_level")
        )
    )
    OrganizationSummary.objects.filter(organization_id=organization_id).delete()
    OrganizationSummary.objects.bulk_create(
        OrganizationSummary(
            organization_id=organization_id,
            attribute_key=row["attribute__key"],
            services=row["services"],
            sum_current=row["sum_current"],
            sum_target=row["sum_target"],
        )
        for row in rows
    )


@transaction.atomic
def assessment_set_open_data(*, assessment: Assessment, publish: bool, user: User) -> Assessment:
    """Publish (or withdraw) a completed assessment's levels in the open-data export."""
    if publish and _status_now(assessment) != Assessment.Status.COMPLETED:
        raise ValidationError(_("Only a completed assessment can be published as open data."))
    _save_recorded(assessment, user, open_data=publish)
    return assessment
