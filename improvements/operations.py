"""Step 3: writes for improvement opportunities.

Opportunities stay trackable after their assessment is completed: their
status, owner and dates can still change.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import Assessment
from organizations.models import Membership, User

from .models import ImprovementOpportunity, Lever, OpportunityLever
from .queries import service_organizations

FIELDS = [
    "title", "description", "target_level", "impact", "effort",
    "owner_user", "owner_organization", "status", "dropped_reason", "target_date",
]  # fmt: skip


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


def _lever_errors(levers: list[str]) -> dict[str, str]:
    if not levers:
        return {"levers": _("Choose at least one lever: skills, policy or technology.")}
    if any(code not in Lever.values for code in levers):
        return {"levers": _("Levers are skills, policy or technology.")}
    return {}


def _full_clean(opportunity: ImprovementOpportunity, levers: list[str]) -> None:
    """The model's checks and the levers', reported together."""
    errors = {name: [message] for name, message in _lever_errors(levers).items()}
    try:
        opportunity.full_clean()
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)


def _set_levers(opportunity: ImprovementOpportunity, levers: list[str]) -> None:
    """Adds and removes rows one by one (three at most), so the audit trail sees each."""
    existing = {row.lever: row for row in OpportunityLever.objects.filter(opportunity=opportunity)}
    for code, row in existing.items():
        if code not in levers:
            row.delete()
    for code in levers:
        if code not in existing:
            OpportunityLever.objects.create(opportunity=opportunity, lever=code)


def _save(
    opportunity: ImprovementOpportunity,
    *,
    attributes: list,
    personas: list,
    stages: list,
    levers: Iterable[str] | str | None = None,
    **fields: object,
) -> ImprovementOpportunity:
    if levers is None:
        levers = opportunity.lever_codes if opportunity.pk else []
    elif isinstance(levers, str):
        levers = levers.split(",")
    levers = list(dict.fromkeys(code for code in levers if code))
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
    _full_clean(opportunity, levers)
    opportunity.save()
    _set_levers(opportunity, levers)
    opportunity.attributes.set(attributes)
    opportunity.personas.set(personas)
    opportunity.stages.set(stages)
    return opportunity


@transaction.atomic
def opportunity_create(
    *,
    assessment: Assessment,
    user: User | None,
    attributes: Iterable = (),
    personas: Iterable = (),
    stages: Iterable = (),
    **fields: object,
) -> ImprovementOpportunity:
    opportunity = ImprovementOpportunity(assessment=assessment, created_by=user)
    return _save(
        opportunity,
        attributes=list(attributes),
        personas=list(personas),
        stages=list(stages),
        **fields,
    )


@transaction.atomic
def opportunity_update(
    *,
    opportunity: ImprovementOpportunity,
    attributes: Iterable = (),
    personas: Iterable = (),
    stages: Iterable = (),
    **fields: object,
) -> ImprovementOpportunity:
    return _save(
        opportunity,
        attributes=list(attributes),
        personas=list(personas),
        stages=list(stages),
        **fields,
    )


@transaction.atomic
def opportunity_delete(*, opportunity: ImprovementOpportunity) -> None:
    opportunity.delete()
