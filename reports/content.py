"""What goes into an assessment report: everything read in a fixed number of queries."""

import base64
from collections import defaultdict

from django.utils.html import format_html
from django.utils.translation import gettext as _

from assessments import queries
from assessments.charts import radar_svg
from assessments.models import Assessment
from improvements import queries as improvement_queries
from improvements.models import Lever
from personas.charts import sentiment_svg
from personas.models import JourneyStage


def as_image(svg, alt: str):
    """The page's SVG chart, embedded whole as an image: WeasyPrint then draws it without
    cascading the page's styles through every shape."""
    if not svg:
        return ""
    data = base64.b64encode(str(svg).encode()).decode()
    return format_html('<img class="chart" alt="{}" src="data:image/svg+xml;base64,{}">', alt, data)


def assessment_report(assessment: Assessment) -> dict:
    scores = queries.scores_with_attributes(assessment)
    baseline = queries.baseline_levels(assessment)
    levels = queries.levels_of(assessment)
    personas = queries.personas_of(assessment)
    stages = defaultdict(list)
    for stage in (
        JourneyStage.objects.filter(persona__in=personas)
        .select_related("organization")
        .order_by("order", "pk")
    ):
        stages[stage.persona_id].append(stage)
    for persona in personas:
        persona.journey = stages[persona.pk]
        persona.chart = as_image(
            sentiment_svg(persona.journey, chart_id=f"pdf-sentiment-{persona.pk}"),
            _("How %(name)s feels at each stage") % {"name": persona.name},
        )
    for score in scores:
        score.baseline = baseline.get(score.attribute.key, (None, None))[0]
        score.change = (
            score.current_level - score.baseline
            if score.current_level is not None and score.baseline is not None
            else None
        )
    scored = [s for s in scores if s.is_scored]
    gaps = sorted((s for s in scored if s.gap), key=lambda s: (-s.gap, s.attribute.order))[:5]
    changes = sorted(
        (s for s in scores if s.change), key=lambda s: (-abs(s.change), s.attribute.order)
    )[:5]
    average = lambda values: round(sum(values) / len(values), 1) if values else None  # noqa: E731
    series = {
        "current": [s.current_level for s in scores],
        "target": [s.target_level for s in scores],
    }
    if assessment.baseline_id:
        series["baseline"] = [s.baseline for s in scores]
    opportunities = improvement_queries.opportunity_list(assessment)
    by_lever = [
        {"label": label, "items": [o for o in opportunities if code in o.lever_codes]}
        for code, label in Lever.choices
    ]
    from django.conf import settings
    from django.utils.translation import get_language

    french = (get_language() or "en").startswith("fr")
    return {
        "platform_name": settings.PLATFORM_NAME_FR if french else settings.PLATFORM_NAME_EN,
        "assessment": assessment,
        "service": assessment.service,
        "partners": list(assessment.service.partners.order_by("name_en")),
        "scores": scores,
        "levels": levels,
        "personas": personas,
        "scored": len(scored),
        "average_current": average([s.current_level for s in scored]),
        "average_target": average([s.target_level for s in scored]),
        "average_baseline": average([s.baseline for s in scores if s.baseline is not None]),
        "gaps": gaps,
        "changes": changes,
        "opportunities": opportunities,
        "by_lever": by_lever,
        "radar": as_image(
            radar_svg(
                labels=[str(s.attribute.name) for s in scores],
                series=series,
                top=len(levels),
                chart_id="pdf-radar",
                names={"current": _("Current"), "target": _("Target"), "baseline": _("Baseline")},
            ),
            _("Maturity by attribute"),
        ),
    }
