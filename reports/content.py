"""What goes into an assessment report: everything read in a fixed number of queries."""

import base64
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.models import Assessment
from assessments.results import assessment_results
from core.bilingual import localized_order
from feedback.queries import service_feedback
from improvements import queries as improvement_queries
from improvements.accountability import responsibility_matrix
from improvements.charts import matrix_svg
from improvements.models import Lever
from personas.charts import sentiment_chart
from personas.handoffs import handoffs_of
from personas.models import JourneyStage, Persona
from services import queries as service_queries


@dataclass(frozen=True)
class Journey:
    """A persona with its journey stages and their sentiment chart, for the report."""

    persona: Persona
    stages: list[JourneyStage]
    chart: str
    channels: list[str]  # the persona's preferred channels, by their labels
    notes: list[tuple[str, str, str]]  # (attribute, how well served, the note) of its ratings


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
    channel_labels = dict(service_queries.choices_for(service_queries.code_labels(), "channels"))
    stages: dict[int, list[JourneyStage]] = defaultdict(list)
    for stage in (
        JourneyStage.objects.filter(persona__in=personas)
        .select_related("organization")
        .order_by("order", "pk")
    ):
        stage.channel_label = channel_labels.get(stage.channel, stage.channel)
        stages[stage.persona_id].append(stage)
    preferred: dict[int, list[str]] = defaultdict(list)
    links = Persona.preferred_channels.through.objects.filter(persona__in=personas)
    for persona_id, code in links.values_list("persona_id", "inventorycode__code").order_by(
        "inventorycode__code"
    ):
        preferred[persona_id].append(channel_labels.get(code, code))
    journeys = [
        Journey(
            persona=persona,
            stages=stages[persona.pk],
            chart=sentiment_chart(
                stages[persona.pk],
                chart_id=f"pdf-sentiment-{persona.pk}",
                embed=partial(
                    as_image, alt=_("How %(name)s feels at each stage") % {"name": persona.name}
                ),
                handoffs=handoffs_of(stages[persona.pk]),
            ),
            channels=preferred[persona.pk],
            notes=_rating_notes(results, persona),
        )
        for persona in personas
    ]
    opportunities = improvement_queries.opportunity_list(assessment)
    quarters, undated = improvement_queries.roadmap(opportunities)
    by_lever = [
        {"label": label, "items": [o for o in opportunities if code in o.lever_codes]}
        for code, label in Lever.choices
    ]
    french = (get_language() or "en").startswith("fr")
    partners = list(assessment.service.partners.order_by(localized_order("name")))
    return {
        "platform_name": settings.PLATFORM_NAME_FR if french else settings.PLATFORM_NAME_EN,
        "assessment": assessment,
        "service": assessment.service,
        "partners": partners,
        "results": results,
        "journeys": journeys,
        "opportunities": opportunities,
        "by_lever": by_lever,
        "radar": as_image(results.radar(chart_id="pdf-radar"), _("Maturity by attribute")),
        "matrix": as_image(
            matrix_svg(opportunities, chart_id="pdf-matrix"),
            _("Priority matrix: impact and effort"),
        )
        if opportunities
        else "",
        "quarters": quarters,
        "undated": undated,
        "feedback": service_feedback(assessment.service),
        "responsibilities": responsibility_matrix(assessment.service, partners),
    }


def _rating_notes(results, persona: Persona) -> list[tuple[str, str, str]]:
    """The persona's ratings that carry a note, in the attributes' order."""
    row = next((r for r in results.persona_rows if r.persona.pk == persona.pk), None)
    if row is None:
        return []
    return [
        (str(score.attribute.name), cell.get_rating_display(), cell.note)
        for score, cell in zip(results.scores, row.cells, strict=True)
        if cell is not None and cell.note
    ]
