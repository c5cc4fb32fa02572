"""Step 3: reads for improvement opportunities, the matrix, the roadmap and suggestions."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import TypedDict

from django.db.models import Prefetch, QuerySet
from django.utils.functional import Promise

from assessments import queries as assessment_queries
from assessments.models import Assessment, AttributeScore
from catalogue.models import Attribute, MaturityLevel
from core.filters import FilterSet
from organizations.models import Organization, User
from personas import queries as persona_queries
from personas.models import JourneyStage, Persona

from .models import ImprovementOpportunity, Lever


def service_organizations(assessment: Assessment) -> list[Organization]:
    """The owner and partners of the assessment's service: who can own an opportunity."""
    return persona_queries.service_organizations(assessment.service)


def possible_owners(assessment: Assessment) -> QuerySet[User]:
    """People of the owner and partner organizations, who can own an opportunity."""
    organizations = persona_queries.service_organizations_queryset(assessment.service)
    return (
        User.objects.filter(memberships__organization__in=organizations.order_by().values("pk"))
        .distinct()
        .order_by("full_name", "email")
    )


def opportunity_list(
    assessment: Assessment, *, filters: FilterSet | None = None, contributors: bool = False
) -> list[ImprovementOpportunity]:
    """The assessment's opportunities, filtered, with their levers and links (six queries; one
    more with their contributing organizations)."""
    opportunities = (
        assessment.opportunities.select_related("owner_user", "owner_organization")
        .prefetch_related(
            "levers",
            Prefetch("attributes", queryset=Attribute.objects.order_by("order")),
            Prefetch("personas", queryset=Persona.objects.order_by("name")),
            Prefetch(
                "stages", queryset=JourneyStage.objects.select_related("persona").order_by("order")
            ),
        )
        .order_by("-impact", "effort", "title", "pk")
    )
    if contributors:
        opportunities = opportunities.prefetch_related("contributors")
    if filters is not None:
        opportunities = filters.apply(opportunities)
    return list(opportunities)


class LeverShare(TypedDict):
    """How many opportunities need one lever, and their share of all, in percent."""

    code: str
    label: str | Promise  # translated when shown
    count: int
    share: int


def lever_mix(opportunities: Sequence[ImprovementOpportunity]) -> list[LeverShare]:
    counts = Counter(code for o in opportunities for code in o.lever_codes)
    total = len(opportunities)
    return [
        {
            "code": code,
            "label": label,
            "count": counts[code],
            "share": round(100 * counts[code] / total) if total else 0,
        }
        for code, label in Lever.choices
    ]


def suggestions(
    assessment: Assessment, opportunities: Sequence[ImprovementOpportunity]
) -> list[AttributeScore]:
    """Attributes with a gap that no opportunity addresses yet, largest gap first (one query)."""
    covered = {a.pk for o in opportunities for a in o.attributes.all()}
    scores = assessment.scores.select_related("attribute").order_by("attribute__order")
    gaps = [s for s in scores if s.gap and s.gap > 0 and s.attribute_id not in covered]
    return sorted(gaps, key=lambda s: (-(s.gap or 0), s.attribute.order))


def fiscal_quarter(day: date) -> tuple[int, int]:
    """(fiscal year start, quarter) with the Government of Canada's April-to-March year."""
    start = day.year if day.month >= 4 else day.year - 1
    quarter = ((day.month - 4) % 12) // 3 + 1
    return start, quarter


class Quarter(TypedDict):
    """The opportunities due in one fiscal quarter, by target date and title."""

    year: int
    quarter: int
    label: str
    items: list[ImprovementOpportunity]


def roadmap(
    opportunities: Sequence[ImprovementOpportunity],
) -> tuple[list[Quarter], list[ImprovementOpportunity]]:
    """Opportunities grouped by fiscal quarter of their target date; the undated apart."""
    groups: defaultdict[tuple[int, int], list[ImprovementOpportunity]] = defaultdict(list)
    undated = []
    for opportunity in opportunities:
        if opportunity.target_date is None:
            undated.append(opportunity)
        else:
            groups[fiscal_quarter(opportunity.target_date)].append(opportunity)
    quarters = [
        Quarter(
            year=year,
            quarter=quarter,
            label=f"{year}-{str(year + 1)[2:]} Q{quarter}",
            items=sorted(items, key=lambda o: (o.target_date, o.title)),
        )
        for (year, quarter), items in sorted(groups.items())
    ]
    return quarters, undated


def earlier_opportunities(assessment: Assessment) -> list[ImprovementOpportunity]:
    """The baseline cycle's opportunities, so the next cycle sees what was done."""
    if assessment.baseline_id is None:
        return []
    return list(
        ImprovementOpportunity.objects.filter(assessment_id=assessment.baseline_id)
        .select_related("owner_organization")
        .order_by("status", "title")
    )


class FormChoices(TypedDict):
    """What an opportunity's form offers to choose from (OpportunityForm's arguments)."""

    attributes: list[Attribute]
    levels: list[MaturityLevel]
    personas: list[Persona]
    stages: list[JourneyStage]
    organizations: QuerySet[Organization]
    people: QuerySet[User]


def form_choices(assessment: Assessment) -> FormChoices:
    """What an opportunity of the assessment can be linked to and owned by (six queries, the
    last two when the form is shown or checked)."""
    personas = assessment_queries.personas_of(assessment)
    return {
        "attributes": list(assessment.catalogue_version.attributes.order_by("order")),
        "levels": assessment_queries.levels_of(assessment),
        "personas": personas,
        "stages": list(
            JourneyStage.objects.filter(persona__in=personas)
            .select_related("persona")
            .order_by("persona__name", "order")
        ),
        "organizations": persona_queries.service_organizations_queryset(assessment.service),
        "people": possible_owners(assessment),
    }
