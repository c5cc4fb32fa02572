"""Step 3: writes and reads for improvement opportunities.

Opportunities stay trackable after their assessment is completed: their
status, owner and dates can still change.
"""

from collections import Counter, defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from catalogue.models import Attribute
from organizations.models import Membership, Organization, User
from personas.models import JourneyStage, Persona

from .models import Assessment, AttributeScore, ImprovementOpportunity, Lever

FIELDS = [
    "title", "description", "levers", "target_level", "impact", "effort",
    "owner_user", "owner_organization", "status", "dropped_reason", "target_date",
]  # fmt: skip


def service_organizations(assessment: Assessment) -> list[Organization]:
    service = assessment.service
    return [service.owner, *service.partners.order_by("name_en")]


def possible_owners(assessment: Assessment):
    """People of the owner and partner organizations, who can own an opportunity."""
    ids = [org.pk for org in service_organizations(assessment)]
    return (
        User.objects.filter(memberships__organization_id__in=ids)
        .distinct()
        .order_by("full_name", "email")
    )


def _check_links(
    assessment, *, attributes, personas, stages, owner_user, owner_organization, target_level
):
    errors = {}
    if any(a.version_id != assessment.catalogue_version_id for a in attributes):
        errors["attributes"] = _("Link attributes of the assessment's catalogue only.")
    allowed_personas = set(assessment.personas.values_list("pk", flat=True))
    if any(p.pk not in allowed_personas for p in personas):
        errors["personas"] = _("Link personas of this assessment only.")
    if any(s.persona_id not in allowed_personas for s in stages):
        errors["stages"] = _("Link journey stages of this assessment's personas only.")
    organizations = {org.pk for org in service_organizations(assessment)}
    if owner_organization is not None and owner_organization.pk not in organizations:
        errors["owner_organization"] = _(
            "The owner must be the service's organization or one of its partners."
        )
    if (
        owner_user is not None
        and not Membership.objects.filter(
            user=owner_user, organization_id__in=organizations
        ).exists()
    ):
        errors["owner_user"] = _(
            "The owner must be a member of the service's organization or of a partner."
        )
    levels = assessment.catalogue_version.levels.count()
    if target_level is not None and not 1 <= target_level <= levels:
        errors["target_level"] = _("Choose a level from 1 to %(n)s.") % {"n": levels}
    if errors:
        raise ValidationError(errors)


def _save(opportunity, *, attributes, personas, stages, **fields):
    levers = fields.get("levers")
    if isinstance(levers, list | tuple):
        fields["levers"] = ",".join(code for code in Lever.values if code in levers)
    for name, value in fields.items():
        if name not in FIELDS:
            raise TypeError(f"unexpected field {name}")
        setattr(opportunity, name, value)
    if opportunity.status != ImprovementOpportunity.Status.DROPPED:
        opportunity.dropped_reason = ""
    _check_links(
        opportunity.assessment,
        attributes=attributes,
        personas=personas,
        stages=stages,
        owner_user=opportunity.owner_user,
        owner_organization=opportunity.owner_organization,
        target_level=opportunity.target_level,
    )
    opportunity.full_clean()
    opportunity.save()
    opportunity.attributes.set(attributes)
    opportunity.personas.set(personas)
    opportunity.stages.set(stages)
    return opportunity


@transaction.atomic
def opportunity_create(*, assessment, user, attributes=(), personas=(), stages=(), **fields):
    opportunity = ImprovementOpportunity(assessment=assessment, created_by=user)
    return _save(
        opportunity,
        attributes=list(attributes),
        personas=list(personas),
        stages=list(stages),
        **fields,
    )


@transaction.atomic
def opportunity_update(*, opportunity, attributes=(), personas=(), stages=(), **fields):
    return _save(
        opportunity,
        attributes=list(attributes),
        personas=list(personas),
        stages=list(stages),
        **fields,
    )


@transaction.atomic
def opportunity_delete(*, opportunity) -> None:
    opportunity.delete()


# ---------------------------------------------------------------- reads


def opportunity_list(assessment, *, lever="", status="", attribute="", owner=""):
    """The assessment's opportunities, filtered, with their links (five queries)."""
    opportunities = (
        assessment.opportunities.select_related("owner_user", "owner_organization")
        .prefetch_related(
            Prefetch("attributes", queryset=Attribute.objects.order_by("order")),
            Prefetch("personas", queryset=Persona.objects.order_by("name")),
            Prefetch(
                "stages", queryset=JourneyStage.objects.select_related("persona").order_by("order")
            ),
        )
        .order_by("-impact", "effort", "title", "pk")
    )
    if lever:
        opportunities = opportunities.filter(levers__contains=lever)
    if status:
        opportunities = opportunities.filter(status=status)
    if attribute:
        opportunities = opportunities.filter(attributes__key=attribute)
    if owner:
        opportunities = opportunities.filter(owner_organization__slug=owner)
    return list(opportunities)


def lever_mix(opportunities) -> list[dict]:
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


def suggestions(assessment, opportunities) -> list[AttributeScore]:
    """Attributes with a gap that no opportunity addresses yet, largest gap first (one query)."""
    covered = {a.pk for o in opportunities for a in o.attributes.all()}
    scores = assessment.scores.select_related("attribute").order_by("attribute__order")
    gaps = [s for s in scores if s.gap and s.gap > 0 and s.attribute_id not in covered]
    return sorted(gaps, key=lambda s: (-s.gap, s.attribute.order))


def fiscal_quarter(day: date) -> tuple[int, int]:
    """(fiscal year start, quarter) with the Government of Canada's April-to-March year."""
    start = day.year if day.month >= 4 else day.year - 1
    quarter = ((day.month - 4) % 12) // 3 + 1
    return start, quarter


def roadmap(opportunities) -> tuple[list[dict], list]:
    """Opportunities grouped by fiscal quarter of their target date; the undated apart."""
    groups = defaultdict(list)
    undated = []
    for opportunity in opportunities:
        if opportunity.target_date is None:
            undated.append(opportunity)
        else:
            groups[fiscal_quarter(opportunity.target_date)].append(opportunity)
    quarters = [
        {
            "year": year,
            "quarter": quarter,
            "label": f"{year}-{str(year + 1)[2:]} Q{quarter}",
            "items": sorted(items, key=lambda o: (o.target_date, o.title)),
        }
        for (year, quarter), items in sorted(groups.items())
    ]
    return quarters, undated


def earlier_opportunities(assessment):
    """The baseline cycle's opportunities, so the next cycle sees what was done."""
    if assessment.baseline_id is None:
        return []
    return list(
        ImprovementOpportunity.objects.filter(assessment_id=assessment.baseline_id)
        .select_related("owner_organization")
        .order_by("status", "title")
    )
