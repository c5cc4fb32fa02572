"""Step 3: writes for improvement opportunities.

Opportunities stay trackable after their assessment is completed: their
status, owner and dates can still change.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from assessments.models import Assessment
from catalogue.models import Attribute
from core import audit
from organizations.models import Membership, Organization, User
from personas.models import JourneyStage, Persona

from .models import ImprovementOpportunity, Lever, OpportunityLever
from .queries import service_organizations

# Said for a person who is not a member and, by the API, for an address with no account
# alike: whether an address has an account on the platform is not told.
OWNER_NOT_MEMBER = _lazy(
    "The owner must be a member of the service's organization or of a partner."
)

FIELDS = [
    "title", "description", "target_level", "impact", "effort",
    "owner_user", "owner_organization", "status", "dropped_reason", "target_date",
]  # fmt: skip
# Many-to-many links, recorded in the audit trail as sorted lists of primary keys.
LINKS = ("attributes", "personas", "stages", "contributors")


class OpportunityFields(TypedDict, total=False):
    """The values of an opportunity that a save may set (FIELDS)."""

    title: str
    description: str
    target_level: int | None
    impact: int
    effort: int
    owner_user: User | None
    owner_organization: Organization | None
    status: str
    dropped_reason: str
    target_date: date | None


def _check_links(
    assessment: Assessment,
    *,
    attributes: list[Attribute],
    personas: list[Persona],
    stages: list[JourneyStage],
    owner_user: User | None,
    owner_organization: Organization | None,
    contributors: list[Organization],
    target_level: int | None,
) -> None:
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
    if any(org.pk not in organizations for org in contributors):
        errors["contributors"] = _(
            "Contributors must be the service's organization or its partners."
        )
    elif owner_organization is not None and any(
        org.pk == owner_organization.pk for org in contributors
    ):
        errors["contributors"] = _(
            "The accountable organization cannot also be a contributor: leave it unticked."
        )
    elif contributors and owner_organization is None:
        errors["owner_organization"] = _(
            "Name the organization accountable for it: contributors help an accountable one."
        )
    if (
        owner_user is not None
        and not Membership.objects.filter(
            user=owner_user, organization_id__in=organizations
        ).exists()
    ):
        errors["owner_user"] = str(OWNER_NOT_MEMBER)
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
    rows = OpportunityLever.objects.filter(opportunity=opportunity)
    rows.exclude(lever__in=levers).delete()
    existing = set(rows.values_list("lever", flat=True))
    OpportunityLever.objects.bulk_create(
        OpportunityLever(opportunity=opportunity, lever=code)
        for code in levers
        if code not in existing
    )
    # A list of levers read before this change must not be shown after it.
    getattr(opportunity, "_prefetched_objects_cache", {}).pop("levers", None)


def _lever_list(
    levers: Iterable[str] | str | None, opportunity: ImprovementOpportunity
) -> list[str]:
    """The levers asked for, in the order of Lever (unknown codes kept, to be refused)."""
    if levers is None:
        return opportunity.lever_codes if opportunity.pk else []
    if isinstance(levers, str):
        levers = levers.split(",")
    asked = [code for code in dict.fromkeys(levers) if code]
    return sorted(asked, key=lambda code: Lever.values.index(code) if code in Lever.values else 99)


def _before(opportunity: ImprovementOpportunity) -> dict[str, object]:
    if opportunity.pk is None:
        return {}
    return {
        **audit.values(opportunity),
        **audit.linked(opportunity, LINKS),
        "levers": opportunity.lever_codes,
    }


def _save(
    opportunity: ImprovementOpportunity,
    *,
    user: User | None,
    attributes: list[Attribute],
    personas: list[Persona],
    stages: list[JourneyStage],
    levers: Iterable[str] | str | None,
    fields: OpportunityFields,
    contributors: Iterable[Organization] | None = None,
) -> ImprovementOpportunity:
    new = opportunity.pk is None
    if contributors is not None:
        contributing = list(contributors)
    else:
        # Kept as they are, less any organization that has since left the service.
        still_there = {org.pk for org in service_organizations(opportunity.assessment)}
        contributing = (
            [org for org in opportunity.contributors.all() if org.pk in still_there]
            if not new
            else []
        )
    before = _before(opportunity)
    levers = _lever_list(levers, opportunity)
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
        contributors=contributing,
        target_level=opportunity.target_level,
    )
    _full_clean(opportunity, levers)
    opportunity.save()
    _set_levers(opportunity, levers)
    opportunity.attributes.set(attributes)
    opportunity.personas.set(personas)
    opportunity.stages.set(stages)
    opportunity.contributors.set(contributing)
    after = {**audit.values(opportunity), "levers": levers}
    links: tuple[Sequence[Model], ...] = (attributes, personas, stages, contributing)
    for name, linked in zip(LINKS, links, strict=True):
        after[name] = sorted(item.pk for item in linked)
    changes = audit.diff(before, after)
    if changes:
        audit.record(
            actor=user,
            action=audit.CREATE if new else audit.CHANGE,
            instance=opportunity,
            changes=changes,
            scope=str(opportunity.assessment.uuid),
        )
    return opportunity


@transaction.atomic
def opportunity_create(
    *,
    assessment: Assessment,
    user: User | None,
    attributes: Iterable[Attribute] = (),
    personas: Iterable[Persona] = (),
    stages: Iterable[JourneyStage] = (),
    levers: Iterable[str] | str | None = None,
    contributors: Iterable[Organization] = (),
    **fields: Unpack[OpportunityFields],
) -> ImprovementOpportunity:
    opportunity = ImprovementOpportunity(assessment=assessment, created_by=user)
    return _save(
        opportunity,
        user=user,
        attributes=list(attributes),
        personas=list(personas),
        stages=list(stages),
        levers=levers,
        fields=fields,
        contributors=contributors,
    )


@transaction.atomic
def opportunity_update(
    *,
    opportunity: ImprovementOpportunity,
    user: User | None,
    attributes: Iterable[Attribute] = (),
    personas: Iterable[Persona] = (),
    stages: Iterable[JourneyStage] = (),
    levers: Iterable[str] | str | None = None,
    contributors: Iterable[Organization] | None = None,
    **fields: Unpack[OpportunityFields],
) -> ImprovementOpportunity:
    """Change an opportunity; ``contributors`` None keeps the ones it has."""
    return _save(
        opportunity,
        user=user,
        attributes=list(attributes),
        personas=list(personas),
        stages=list(stages),
        levers=levers,
        fields=fields,
        contributors=contributors,
    )


@transaction.atomic
def opportunity_delete(*, opportunity: ImprovementOpportunity, user: User | None) -> None:
    links = audit.linked(opportunity, LINKS)
    audit.record_deletion(
        actor=user,
        instance=opportunity,
        scope=str(opportunity.assessment.uuid),
        extra={
            **{name: [pks, None] for name, pks in links.items()},
            "levers": [opportunity.lever_codes, None],
        },
    )
    opportunity.delete()
