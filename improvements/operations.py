"""Step 3: writes for improvement opportunities.

Opportunities stay trackable after their assessment is completed: their
status, owner and dates can still change.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from organizations.models import Membership

from .models import ImprovementOpportunity, Lever
from .queries import service_organizations

FIELDS = [
    "title", "description", "levers", "target_level", "impact", "effort",
    "owner_user", "owner_organization", "status", "dropped_reason", "target_date",
]  # fmt: skip
# Many-to-many links, recorded in the audit trail as sorted lists of primary keys.
LINKS = ("attributes", "personas", "stages")


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


def _save(opportunity, *, user: AbstractBaseUser | None, attributes, personas, stages, **fields):
    new = opportunity.pk is None
    before = {} if new else {**audit.values(opportunity), **audit.linked(opportunity, LINKS)}
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
    after = audit.values(opportunity)
    for name, linked in zip(LINKS, (attributes, personas, stages), strict=True):
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
def opportunity_create(*, assessment, user, attributes=(), personas=(), stages=(), **fields):
    opportunity = ImprovementOpportunity(assessment=assessment, created_by=user)
    return _save(
        opportunity,
        user=user,
        attributes=list(attributes),
        personas=list(personas),
        stages=list(stages),
        **fields,
    )


@transaction.atomic
def opportunity_update(
    *, opportunity, user: AbstractBaseUser | None, attributes=(), personas=(), stages=(), **fields
):
    return _save(
        opportunity,
        user=user,
        attributes=list(attributes),
        personas=list(personas),
        stages=list(stages),
        **fields,
    )


@transaction.atomic
def opportunity_delete(*, opportunity, user: AbstractBaseUser | None) -> None:
    links = audit.linked(opportunity, LINKS)
    audit.record_deletion(
        actor=user,
        instance=opportunity,
        scope=str(opportunity.assessment.uuid),
        extra={name: [pks, None] for name, pks in links.items()},
    )
    opportunity.delete()
