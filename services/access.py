"""Who may read or write a service: its owner's and its partners' people (organizations.access).

Reading and content writing count the owner and the partners; managing (editing the service,
starting and completing assessments) belongs to the owner's service managers. Anyone else gets
a 404. Inventory imports are ICCS staff's only.
"""

from typing import TypeVar
from uuid import UUID

from django.db.models import Case, IntegerField, Model, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404

from core.access import require_staff
from organizations.access import ROLE_ACCESS, Access, Person, memberships_of, require
from organizations.models import Membership

from .models import InventoryImport, Service

M = TypeVar("M", bound=Model)


def services_for_user(user: Person, need: Access = Access.READ) -> QuerySet[Service]:
    """Services the user may read (or write): their organizations' own and those they partner on."""
    if not user.is_authenticated:
        return Service.objects.none()
    if user.is_staff:
        return Service.objects.all()
    enough = min(need, Access.WRITE)
    ids = [org for org, role in memberships_of(user) if ROLE_ACCESS[role] >= enough]
    shared = Service.partners.through.objects.filter(organization_id__in=ids).values("service_id")
    return Service.objects.filter(Q(owner_id__in=ids) | Q(pk__in=shared))


def _granted(owner_rank: int | None, partner_rank: int | None) -> Access | None:
    """The access of a person whose strongest role in the owner and in the partners ranks so:
    a partner's manager writes, as a member does; managing is the owner's alone."""
    ranks = [owner_rank or 0, min(partner_rank or 0, Access.WRITE)]
    best = max(ranks)
    return Access(best) if best else None


def service_access(user: Person, service: Service) -> Access | None:
    """Reading and content writing count the owner and the partners; managing, the owner only.

    One query: the user's memberships in the owner and partner organizations.
    """
    if not user.is_authenticated:
        return None
    if user.is_staff:
        return Access.MANAGE
    memberships = Membership.objects.filter(user=user).filter(
        Q(organization_id=service.owner_id) | Q(organization__partner_services=service)
    )
    owner_rank = partner_rank = 0
    for organization_id, role in memberships.values_list("organization_id", "role"):
        if organization_id == service.owner_id:
            owner_rank = max(owner_rank, ROLE_ACCESS[role])
        else:
            partner_rank = max(partner_rank, ROLE_ACCESS[role])
    return _granted(owner_rank, partner_rank)


def _role_rank() -> Case:
    return Case(
        *(When(role=role, then=Value(int(granted))) for role, granted in ROLE_ACCESS.items()),
        output_field=IntegerField(),
    )


def with_service_access(queryset: QuerySet[M], user: Person, service: str = "") -> QuerySet[M]:
    """``queryset`` with the user's strongest role in the owner and in the partners of each
    row's service (``service`` is the path to it, empty for services themselves), read in the
    same query as the rows; ``access_of(row)`` turns them into what the user may do."""
    if not user.is_authenticated or user.is_staff:
        return queryset
    prefix = f"{service}__" if service else ""
    mine = Membership.objects.filter(user_id=user.pk).annotate(rank=_role_rank())
    owner = mine.filter(organization_id=OuterRef(f"{prefix}owner_id"))
    partner = mine.filter(
        organization__partner_services=OuterRef(f"{service}_id" if service else "pk")
    )
    return queryset.annotate(
        access_owner_rank=Subquery(owner.order_by("-rank").values("rank")[:1]),
        access_partner_rank=Subquery(partner.order_by("-rank").values("rank")[:1]),
    )


def access_of(row: Model, user: Person) -> Access | None:
    """What the user may do with a row read through ``with_service_access``."""
    if not user.is_authenticated:
        return None
    if user.is_staff:
        return Access.MANAGE
    return _granted(row.access_owner_rank, row.access_partner_rank)  # type: ignore[attr-defined]


def service_for_user(*, user: Person, uuid: UUID | str, need: Access = Access.READ) -> Service:
    found = Service.objects.select_related("owner").filter(uuid=uuid)
    service = with_service_access(found, user).first()
    if service is None:
        raise Http404
    service.user_access = access_of(service, user)
    require(service.user_access, need)
    return service


def inventory_import_for_user(*, user: Person, uuid: UUID | str) -> InventoryImport:
    """Inventory imports are ICCS staff's only."""
    require_staff(user)
    job = InventoryImport.objects.filter(uuid=uuid).first()
    if job is None:
        raise Http404
    return job
