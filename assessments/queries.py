"""Reads for assessments. Each page's reads are a fixed number of queries."""

from dataclasses import dataclass

from catalogue.models import Attribute, LevelDescriptor, MaturityLevel
from core.models import AuditEvent
from personas.models import Persona
from services.models import Service

from .models import Assessment, AttributeScore, PersonaRating

SCORE = AttributeScore._meta.label_lower


def assessments_of_service(service: Service) -> list[Assessment]:
    return list(
        Assessment.objects.filter(service=service)
        .select_related("catalogue_version", "baseline")
        .order_by("-created_at")
    )


def progress_of(scores: list[AttributeScore]) -> dict[str, int]:
    """How many of the scores have both levels, out of how many: the progress bar's numbers."""
    return {"done": sum(1 for s in scores if s.is_scored), "total": len(scores)}


def scores_with_attributes(assessment: Assessment) -> list[AttributeScore]:
    """Every score of the assessment with its attribute, in catalogue order (one query)."""
    return list(
        assessment.scores.select_related("attribute", "updated_by").order_by(
            "attribute__order", "attribute__key"
        )
    )


def baseline_levels(assessment: Assessment) -> dict[str, tuple[int | None, int | None]]:
    """{attribute key: (current, target)} of the baseline assessment, matched by key (one query)."""
    if assessment.baseline_id is None:
        return {}
    return {
        key: (current, target)
        for key, current, target in AttributeScore.objects.filter(
            assessment_id=assessment.baseline_id
        ).values_list("attribute__key", "current_level", "target_level")
    }


def personas_of(assessment: Assessment) -> list[Persona]:
    return list(assessment.personas.order_by("name", "pk"))


def levels_of(assessment: Assessment) -> list[MaturityLevel]:
    return list(assessment.catalogue_version.levels.order_by("number"))


def descriptors_of(attribute: Attribute) -> list[LevelDescriptor]:
    return list(attribute.descriptors.select_related("level").order_by("level__number"))


def ratings_of_score(score: AttributeScore) -> dict[int, PersonaRating]:
    return {r.persona_id: r for r in score.persona_ratings.all()}


def ratings_of_assessment(assessment: Assessment) -> dict[tuple[int, int], PersonaRating]:
    """{(score id, persona id): rating} for the whole assessment (one query)."""
    return {
        (r.score_id, r.persona_id): r
        for r in PersonaRating.objects.filter(score__assessment=assessment)
    }


def history(
    assessment: Assessment, score: AttributeScore | None = None, limit: int = 500
) -> list[AuditEvent]:
    """The assessment's entries in the audit trail, newest first (one query): the assessment,
    its scores and its opportunities, leaving out the empty scores made when it started.
    With ``score``, that score's changes only."""
    entries = AuditEvent.objects.filter(scope=str(assessment.uuid)).select_related("actor")
    if score is not None:
        entries = entries.filter(object_type=SCORE, object_id=str(score.pk))
    entries = entries.exclude(object_type=SCORE, action=AuditEvent.Action.CREATE)
    return list(entries.order_by("-at", "-pk")[:limit])


@dataclass(frozen=True)
class ScorePage:
    """What the page of one attribute's score shows: the score among the others, the levels
    to choose from, the personas with their ratings, and the baseline's levels."""

    assessment: Assessment
    scores: list[AttributeScore]
    index: int
    levels: list[MaturityLevel]
    personas: list[Persona]
    ratings: dict[int, PersonaRating]
    baseline: tuple[int | None, int | None] | None

    @property
    def score(self) -> AttributeScore:
        return self.scores[self.index]

    @property
    def previous(self) -> AttributeScore | None:
        return self.scores[self.index - 1] if self.index > 0 else None

    @property
    def next(self) -> AttributeScore | None:
        return self.scores[self.index + 1] if self.index + 1 < len(self.scores) else None

    @property
    def position(self) -> int:
        return self.index + 1

    @property
    def progress(self) -> dict[str, int]:
        return progress_of(self.scores)

    def rating_rows(self) -> list[tuple[Persona, PersonaRating | None]]:
        return [(p, self.ratings.get(p.pk)) for p in self.personas]


def score_page(assessment: Assessment, *, key: str) -> ScorePage | None:
    """The page of the attribute ``key`` (None when the assessment has no such attribute)."""
    scores = scores_with_attributes(assessment)
    index = next((i for i, s in enumerate(scores) if s.attribute.key == key), None)
    if index is None:
        return None
    score = scores[index]
    score.assessment = assessment
    return ScorePage(
        assessment=assessment,
        scores=scores,
        index=index,
        levels=levels_of(assessment),
        personas=personas_of(assessment),
        ratings=ratings_of_score(score),
        baseline=baseline_levels(assessment).get(key) if assessment.baseline_id else None,
    )


@dataclass(frozen=True)
class Conflict:
    """The values someone else saved while this person was editing, with their ratings."""

    score: AttributeScore
    rating_rows: list[tuple[Persona, PersonaRating | None]]


def conflicting(score: AttributeScore, *, personas: list[Persona]) -> Conflict:
    ratings = ratings_of_score(score)
    return Conflict(score=score, rating_rows=[(p, ratings.get(p.pk)) for p in personas])
