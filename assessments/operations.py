"""Writes for assessments: start, score, review, complete."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import queries as catalogue_queries
from core import audit
from services.models import Service

from .models import (
    Assessment,
    AssessmentPersona,
    AttributeScore,
    OrganizationSummary,
    PersonaRating,
    ScoreChange,
    ServiceLatest,
)


class AssessmentLocked(ValidationError):
    """A change to an assessment whose status no longer allows it."""


class ScoreConflict(Exception):
    """Someone else saved this score since it was opened; ``current`` holds their values."""

    def __init__(self, current: AttributeScore):
        super().__init__("score changed by someone else")
        self.current = current


def _status_now(assessment: Assessment) -> str:
    # Read from the database: a stale object must not let a change through.
    return Assessment.objects.filter(pk=assessment.pk).values_list("status", flat=True).get()


def _require_status(assessment: Assessment, status: str) -> None:
    current = _status_now(assessment)
    if current == status:
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
def assessment_start(*, service: Service, cycle: str, user) -> Assessment:
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
    AssessmentPersona.objects.bulk_create(
        AssessmentPersona(assessment=assessment, persona=persona)
        for persona in service.personas.filter(archived_at__isnull=True)
    )
    AttributeScore.objects.bulk_create(
        AttributeScore(assessment=assessment, attribute=attribute)
        for attribute in version.attributes.all()
    )
    return assessment


SCORE_FIELDS = ["current_level", "target_level", "rationale", "evidence", "confidence"]


def _describe(value) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def score_save(
    *, score: AttributeScore, user, version: int, ratings: dict | None = None, **fields
) -> AttributeScore:
    """Save a score if nobody saved it since ``version`` was read; record what changed.

    ``ratings`` maps a persona id to (rating or None, note).
    """
    _require_status(score.assessment, Assessment.Status.DRAFT)
    levels = score.assessment.catalogue_version.levels.count()
    errors = {}
    for name in ("current_level", "target_level"):
        value = fields.get(name)
        if value is not None and not 1 <= value <= levels:
            errors[name] = _("Choose a level from 1 to %(n)s.") % {"n": levels}
    current, target = fields.get("current_level"), fields.get("target_level")
    if current is not None and target is not None and target < current:
        errors["target_level"] = _("The target level cannot be below the current level.")
    if errors:
        raise ValidationError(errors)

    before = AttributeScore.objects.select_for_update().get(pk=score.pk)
    if before.version != version:
        raise ScoreConflict(before)
    changes = {
        name: [_describe(getattr(before, name)), _describe(fields[name])]
        for name in SCORE_FIELDS
        if name in fields and getattr(before, name) != fields[name]
    }
    AttributeScore.objects.filter(pk=score.pk, version=version).update(
        **{name: fields[name] for name in SCORE_FIELDS if name in fields},
        version=F("version") + 1,
        updated_by=user,
        updated_at=timezone.now(),
    )
    if ratings is not None:
        changes.update(_save_ratings(score, ratings))
    if changes:
        ScoreChange.objects.create(score=score, changed_by=user, changes=changes)
    score.refresh_from_db()
    if changes:
        # The versioned UPDATE above bypasses model signals: record it in the audit trail here.
        audit.record("change", score, changes)
    return score


def _save_ratings(score: AttributeScore, ratings: dict) -> dict:
    allowed = set(score.assessment.personas.values_list("pk", flat=True))
    existing = {r.persona_id: r for r in score.persona_ratings.select_related("persona")}
    changes = {}
    for persona_id, (rating, note) in ratings.items():
        if persona_id not in allowed:
            raise ValidationError(_("That persona is not part of this assessment."))
        old = existing.get(persona_id)
        if rating is None:
            if old is not None:
                changes[f"persona:{old.persona.name}"] = [_describe(old.rating), ""]
                old.delete()
            continue
        if old is None:
            PersonaRating.objects.create(
                score=score, persona_id=persona_id, rating=rating, note=note
            )
            changes[f"persona:{persona_id}"] = ["", _describe(rating)]
        elif (old.rating, old.note) != (rating, note):
            changes[f"persona:{old.persona.name}"] = [_describe(old.rating), _describe(rating)]
            old.rating, old.note = rating, note
            old.save(update_fields=["rating", "note"])
    return changes


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user) -> Assessment:
    _require_status(assessment, Assessment.Status.DRAFT)
    assessment.status = Assessment.Status.IN_REVIEW
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    return assessment


@transaction.atomic
def assessment_send_back(*, assessment: Assessment, comments: str) -> Assessment:
    _require_status(assessment, Assessment.Status.IN_REVIEW)
    if not comments.strip():
        raise ValidationError({"comments": _("Say what the team should change.")})
    assessment.status = Assessment.Status.DRAFT
    assessment.review_comments = comments.strip()
    assessment.save(update_fields=["status", "review_comments"])
    return assessment


def unscored(assessment: Assessment) -> list[AttributeScore]:
    return [
        s
        for s in assessment.scores.select_related("attribute").order_by("attribute__order")
        if not s.is_scored
    ]


@transaction.atomic
def assessment_complete(*, assessment: Assessment, user) -> Assessment:
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
    assessment.status = Assessment.Status.COMPLETED
    assessment.completed_at = timezone.now()
    assessment.completed_by = user
    assessment.save(update_fields=["status", "completed_at", "completed_by"])
    refresh_latest(assessment.service)
    refresh_summary(assessment.service.owner_id)
    return assessment


def refresh_latest(service: Service) -> None:
    """Point the service at its two most recent completed assessments."""
    completed = list(
        Assessment.objects.filter(service=service, status=Assessment.Status.COMPLETED)
        .order_by("-completed_at", "-pk")
        .values_list("pk", flat=True)[:2]
    )
    if not completed:
        ServiceLatest.objects.filter(service=service).delete()
        return
    ServiceLatest.objects.update_or_create(
        service=service,
        defaults={
            "latest_id": completed[0],
            "previous_id": completed[1] if len(completed) > 1 else None,
        },
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
def assessment_set_open_data(*, assessment: Assessment, publish: bool) -> Assessment:
    """Publish (or withdraw) a completed assessment's levels in the open-data export."""
    if publish and _status_now(assessment) != Assessment.Status.COMPLETED:
        raise ValidationError(_("Only a completed assessment can be published as open data."))
    assessment.open_data = publish
    assessment.save(update_fields=["open_data"])
    return assessment
