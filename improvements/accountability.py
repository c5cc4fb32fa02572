"""Who answers for what on a shared service: the journey stages each organization is
responsible for and the opportunities it is accountable for, and each organization's own
list of commitments across every shared service.

An opportunity's accountable organization is its owner organization. A service is shared
when it has at least one partner.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.access import Person
from organizations.models import Organization
from personas.models import JourneyStage
from personas.queries import service_organizations
from services.access import services_for_user
from services.models import Service

from .models import ImprovementOpportunity

CLOSED = (ImprovementOpportunity.Status.DONE, ImprovementOpportunity.Status.DROPPED)


def is_overdue(opportunity: ImprovementOpportunity, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        opportunity.status not in CLOSED
        and opportunity.target_date is not None
        and opportunity.target_date < today
    )


@dataclass
class Responsibility:
    """One organization's row of a service's responsibility matrix."""

    organization: Organization
    owner: bool
    stages: list[JourneyStage] = field(default_factory=list)
    opportunities: list[ImprovementOpportunity] = field(default_factory=list)
    contributions: list[ImprovementOpportunity] = field(default_factory=list)

    @property
    def open(self) -> int:
        return sum(1 for o in self.opportunities if o.status not in CLOSED)

    @property
    def overdue(self) -> int:
        return sum(1 for o in self.opportunities if is_overdue(o))


@dataclass(frozen=True)
class Matrix:
    rows: list[Responsibility]
    unassigned_stages: int
    unassigned_opportunities: int


def responsibility_matrix(
    service: Service, partners: Sequence[Organization] | None = None
) -> Matrix | None:
    """The journey stages (of active personas) and the opportunities (of every assessment) of
    a shared service by organization; None for a service without partners. Three queries,
    with the partners already read (one more without)."""
    if partners is None:
        partners = service_organizations(service)[1:]
    if not partners:
        return None
    organizations = [service.owner, *partners]
    rows = {org.pk: Responsibility(org, owner=org.pk == service.owner_id) for org in organizations}
    unassigned_stages = 0
    for stage in (
        JourneyStage.objects.filter(persona__service=service, persona__archived_at__isnull=True)
        .select_related("persona")
        .order_by("persona__name", "persona_id", "order", "pk")
    ):
        if stage.organization_id in rows:
            rows[stage.organization_id].stages.append(stage)
        else:
            unassigned_stages += 1
    unassigned_opportunities = 0
    for opportunity in (
        ImprovementOpportunity.objects.filter(assessment__service=service)
        .select_related("assessment")
        .prefetch_related("contributors")
        .order_by(F("target_date").asc(nulls_last=True), "title", "pk")
    ):
        if opportunity.owner_organization_id in rows:
            rows[opportunity.owner_organization_id].opportunities.append(opportunity)
        else:
            unassigned_opportunities += 1
        for contributor in opportunity.contributors.all():
            if contributor.pk in rows:
                rows[contributor.pk].contributions.append(opportunity)
    return Matrix(list(rows.values()), unassigned_stages, unassigned_opportunities)


@dataclass(frozen=True)
class Commitment:
    opportunity: ImprovementOpportunity
    service: Service
    overdue: bool
    accountable: bool  # False: the organization contributes


def _shared(user: Person) -> QuerySet[Service]:
    return services_for_user(user).filter(partners__isnull=False).distinct()


def commitments_of(organization: Organization, user: Person) -> list[Commitment]:
    """What the organization is accountable for or contributes to on every shared service the
    person may read: overdue first, then open ones by target date, then those done or
    dropped."""
    today = timezone.localdate()
    found = (
        ImprovementOpportunity.objects.filter(
            Q(owner_organization=organization) | Q(contributors=organization),
            assessment__service__in=_shared(user),
        )
        .select_related("assessment__service", "owner_organization")
        .distinct()
        .order_by(F("target_date").asc(nulls_last=True), "title", "pk")
    )
    commitments = [
        Commitment(
            opportunity,
            opportunity.assessment.service,
            overdue=is_overdue(opportunity, today),
            accountable=opportunity.owner_organization_id == organization.pk,
        )
        for opportunity in found
    ]
    # Overdue, then open, then closed; within each, the target-date order read above.
    return sorted(
        commitments, key=lambda c: 0 if c.overdue else 2 if c.opportunity.status in CLOSED else 1
    )


def commitment_rows(commitments: list[Commitment]) -> list[list[object]]:
    """The commitments as a spreadsheet, the header first."""
    header: list[object] = [
        _("Opportunity"), _("Service"), _("Our part"), _("Accountable organization"),
        _("Cycle"), _("Status"), _("Target date"), _("Overdue"),
    ]  # fmt: skip
    rows: list[list[object]] = [header]
    for c in commitments:
        o = c.opportunity
        rows.append(
            [
                o.title,
                str(c.service.name),
                str(_("Accountable")) if c.accountable else str(_("Contributing")),
                str(o.owner_organization.name) if o.owner_organization else "",
                o.assessment.cycle,
                str(o.get_status_display()),
                o.target_date.isoformat() if o.target_date else "",
                str(_("Yes")) if c.overdue else "",
            ]
        )
    return rows
