"""Who may read or write a service: its owner's and its partners' people (organizations.access).

Reading and content writing count the owner and the partners; managing (editing the service,
starting and completing assessments) belongs to the owner's service managers. Anyone else gets
a 404. Inventory imports are ICCS staff's only.
"""

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from core.access import require_staff
from organizations.access import ROLE_ACCESS, Access, Person, memberships_of, require
from organizations.models import Membership

from .models import InventoryImport, Service


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
    best = None
    for organization_id, role in memberships.values_list("organization_id", "role"):
        granted = ROLE_ACCESS[role]
        if granted == Access.MANAGE and organization_id != service.owner_id:
            granted = Access.WRITE  # a partner's manager manages their own services, not this one
        best = granted if best is None else max(best, granted)
    return best


def service_for_user(*, user: Person, uuid: UUID | str, need: Access = Access.READ) -> Service:
    service = Service.objects.select_related("owner").filter(uuid=uuid).first()
    if service is None:
        raise Http404
    service.user_access = service_access(user, service)
    require(service.user_access, need)
    return service


def inventory_import_for_user(*, user: Person, uuid: UUID | str) -> InventoryImport:
    """Inventory imports are ICCS staff's only."""
    require_staff(user)
    job = InventoryImport.objects.filter(uuid=uuid).first()
    if job is None:
        raise Http404
    return job
