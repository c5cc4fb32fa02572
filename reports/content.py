"""What goes into an assessment report: everything read in a fixed number of queries."""

import base64
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.models import Assessment
from assessments.results import assessment_results
from core.bilingual import localized_order
from improvements import queries as improvement_queries
from improvements.models import Lever
from personas.charts import sentiment_svg
from personas.models import JourneyStage, Persona


@dataclass(frozen=True)
class Journey:
    """A persona with its journey stages and their sentiment chart, for the report."""

    persona: Persona
    stages: list[JourneyStage]
    chart: str


def as_image(svg: str, alt: str) -> str:
    """The page's SVG chart, embedded whole as an image: WeasyPrint then draws it without
    cascading the page's styles through every shape."""
    if not svg:
        return ""
    data = base64.b64encode(str(svg).encode()).decode()
    return format_html('<img class="chart" alt="{}" src="data:image/svg+xml;base64,{}">', alt, data)


def assessment_report(assessment: Assessment) -> dict[str, Any]:
    """The report's context: the same results as the results page, plus journeys and opportunities."""
    results = assessment_results(assessment)
    personas = results.personas
    stages: dict[int, list[JourneyStage]] = defaultdict(list)
    for stage in (
        JourneyStage.objects.filter(persona__in=personas)
        .select_related("organization")
        .order_by("order", "pk")
    ):
        stages[stage.persona_id].append(stage)
    journeys = [
        Journey(
            persona=persona,
            stages=stages[persona.pk],
            chart=as_image(
                sentiment_svg(stages[persona.pk], chart_id=f"pdf-sentiment-{persona.pk}"),
                _("How %(name)s feels at each stage") % {"name": persona.name},
            ),
        )
        for persona in personas
    ]
    opportunities = improvement_queries.opportunity_list(assessment)
    by_lever = [
        {"label": label, "items": [o for o in opportunities if code in o.lever_codes]}
        for code, label in Lever.choices
    ]
    french = (get_language() or "en").startswith("fr")
    return {
        "platform_name": settings.PLATFORM_NAME_FR if french else settings.PLATFORM_NAME_EN,
        "assessment": assessment,
        "service": assessment.service,
        "partners": list(assessment.service.partners.order_by(localized_order("name"))),
        "results": results,
        "journeys": journeys,
        "opportunities": opportunities,
        "by_lever": by_lever,
        "radar": as_image(results.radar(chart_id="pdf-radar"), _("Maturity by attribute")),
    }
