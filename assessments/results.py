"""An assessment's results, computed once for the results page, the PDF report and the API.

Every reader of results goes through ``assessment_results``, so the page and the report can
never disagree on what a gap, a change or a persona ranking is.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from catalogue.models import MaturityLevel
from feedback.queries import (
    PublicRating,
    on_level_scale,
    public_ratings_by_segment,
    public_ratings_of,
)
from personas.models import Persona

from . import queries
from .charts import radar_svg
from .models import Assessment, AttributeScore, PersonaRating

SERIES_NAMES: dict[str, Promise] = {
    "current": _("Current"),
    "target": _("Target"),
    "baseline": _("Baseline"),
    "public": _("The public"),
}
# How far apart the team's current level and the public's rating (on the level scale) must be
# for the results to call it a disagreement.
DISAGREEMENT = 1.0


@dataclass(frozen=True)
class PublicView:
    """The public's rating of one attribute beside the team's current level."""

    score: AttributeScore
    rating: PublicRating
    on_levels: float  # the rating placed on the maturity levels
    difference: float | None  # on_levels minus the current level

    @property
    def disagrees(self) -> bool:
        return self.difference is not None and abs(self.difference) >= DISAGREEMENT


@dataclass(frozen=True)
class PersonaRow:
    """How well one persona is served on each attribute (a cell is None when not rated)."""

    persona: Persona
    cells: list[PersonaRating | None]
    average: float | None
    # What the people who said they belong to the persona's segment said of each attribute.
    public_cells: list[PublicRating | None] = field(default_factory=list)


@dataclass(frozen=True)
class Results:
    assessment: Assessment
    # Every score in catalogue order, each with ``baseline`` (the baseline's current level),
    # ``change`` (current minus baseline) and ``persona_cells`` (one rating or None a persona).
    scores: list[AttributeScore]
    levels: list[MaturityLevel]
    personas: list[Persona]
    # Every attribute with both levels, the largest gap first; a gap of zero is a result too.
    gaps: list[AttributeScore]
    # Attributes whose current level moved since the baseline, the largest move first.
    changes: list[AttributeScore]
    # Personas the service fails most first: the lowest average rating, unrated ones last.
    persona_rows: list[PersonaRow]
    average_current: float | None
    average_target: float | None
    average_baseline: float | None
    series: dict[str, list[float | None]] = field(default_factory=dict)
    # The public's rating of each attribute with enough answers, the largest disagreement first.
    public: list[PublicView] = field(default_factory=list)

    @property
    def disagreements(self) -> list[PublicView]:
        return [view for view in self.public if view.disagrees]

    @property
    def scored(self) -> int:
        return len(self.gaps)

    @property
    def progress(self) -> dict[str, int]:
        return queries.progress_of(self.scores)

    def radar(self, *, chart_id: str) -> SafeString:
        """The radar chart of the series, the same on the page and in the report."""
        return radar_svg(
            labels=[str(s.attribute.name) for s in self.scores],
            series=self.series,
            top=len(self.levels),
            chart_id=chart_id,
            names={key: str(name) for key, name in SERIES_NAMES.items()},
        )


def _average(values: list[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None


def _persona_rows(
    personas: list[Persona],
    scores: list[AttributeScore],
    ratings: dict[tuple[int, int], PersonaRating],
    by_segment: dict[tuple[str, str], PublicRating],
) -> list[PersonaRow]:
    rows = []
    for persona in personas:
        public = [by_segment.get((persona.segment, s.attribute.key)) for s in scores]
        cells = [ratings.get((score.pk, persona.pk)) for score in scores]
        values = [cell.rating for cell in cells if cell is not None]
        rows.append(
            PersonaRow(
                persona=persona,
                cells=cells,
                average=sum(values) / len(values) if values else None,
                public_cells=public if any(public) else [],
            )
        )
    rows.sort(key=lambda row: (row.average is None, row.average or 0))
    return rows


def _public_views(
    assessment: Assessment, scores: list[AttributeScore], *, top: int
) -> list[PublicView]:
    """The public's rating of each attribute that enough people rated, on the level scale, the
    largest difference from the team's current level first."""
    ratings = public_ratings_of(assessment.service)
    views = []
    for score in scores:
        rating = ratings.get(score.attribute.key)
        if rating is None or rating.average is None or top < 2:
            continue
        on_levels = on_level_scale(rating.average, top)
        difference = (
            round(on_levels - score.current_level, 1) if score.current_level is not None else None
        )
        views.append(PublicView(score, rating, on_levels, difference))
    views.sort(
        key=lambda v: (v.difference is None, -abs(v.difference or 0), v.score.attribute.order)
    )
    return views


def assessment_results(assessment: Assessment) -> Results:
    """The results of an assessment, read in seven queries (scores, baseline, levels, personas,
    ratings, the public's answers by attribute and by segment) whatever the number of attributes, personas and answers."""
    scores = queries.scores_with_attributes(assessment)
    baseline = queries.baseline_levels(assessment)
    personas = queries.personas_of(assessment)
    ratings = queries.ratings_of_assessment(assessment)
    for score in scores:
        score.baseline = baseline.get(score.attribute.key, (None, None))[0]
        score.change = (
            score.current_level - score.baseline
            if score.current_level is not None and score.baseline is not None
            else None
        )
        score.persona_cells = [ratings.get((score.pk, p.pk)) for p in personas]
    scored = [s for s in scores if s.is_scored]
    series: dict[str, list[float | None]] = {
        "current": [s.current_level for s in scores],
        "target": [s.target_level for s in scores],
    }
    if assessment.baseline_id:
        series["baseline"] = [s.baseline for s in scores]
    levels = queries.levels_of(assessment)
    public = _public_views(assessment, scores, top=len(levels))
    if public:
        on_levels = {view.score.pk: view.on_levels for view in public}
        series["public"] = [on_levels.get(s.pk) for s in scores]
    return Results(
        assessment=assessment,
        scores=scores,
        levels=levels,
        personas=personas,
        gaps=sorted(scored, key=lambda s: (-(s.gap or 0), s.attribute.order)),
        changes=sorted(
            (s for s in scores if s.change), key=lambda s: (-abs(s.change or 0), s.attribute.order)
        ),
        persona_rows=_persona_rows(
            personas, scores, ratings, public_ratings_by_segment(assessment.service)
        ),
        average_current=_average([s.current_level for s in scored]),
        average_target=_average([s.target_level for s in scored]),
        average_baseline=_average([s.baseline for s in scores]),
        series=series,
        public=public,
    )
