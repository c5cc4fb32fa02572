"""Who may read or write what: the one place every feature asks.

Rules
- ICCS staff (``user.is_staff``) administer the platform and may read and
  manage every organization.
- Inside an organization, executives read, team members read and write
  content, service managers also manage people and services.
- Anyone else gets a 404, never a 403: the existence of another
  organization's objects is not disclosed.

Later object types (services, personas, assessments...) build on
``role_for_organizations``: a user's strongest role across the organizations
that own or share an object decides what they may do with it.
"""

from enum import IntEnum

from django.db.models import Q
from django.http import Http404

from .models import Membership, Organization


class Access(IntEnum):
    READ = 1
    WRITE = 2
    MANAGE = 3


_ROLE_ACCESS = {
    Membership.Role.EXECUTIVE: Access.READ,
    Membership.Role.MEMBER: Access.WRITE,
    Membership.Role.MANAGER: Access.MANAGE,
}


def access_for_role(role: str | None) -> Access | None:
    return _ROLE_ACCESS.get(role) if role else None


def role_for_organizations(user, organization_ids) -> str | None:
    """The user's strongest role in any of the given organizations, or None."""
    if not user.is_authenticated:
        return None
    roles = Membership.objects.filter(
        user=user, organization_id__in=list(organization_ids)
    ).values_list("role", flat=True)
    best = None
    for role in roles:
        if best is None or _ROLE_ACCESS[role] > _ROLE_ACCESS[best]:
            best = role
    return best


def access_for_organizations(user, organization_ids) -> Access | None:
    if user.is_authenticated and user.is_staff:
        return Access.MANAGE
    return access_for_role(role_for_organizations(user, organization_ids))


def require(granted: Access | None, needed: Access) -> None:
    if granted is None or granted < needed:
        raise Http404


def organizations_for_user(user):
    """Organizations the user may open: their own, or all of them for staff."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_staff:
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user).distinct()


def organization_for_user(*, user, slug: str, need: Access = Access.READ) -> Organization:
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise Http404
    require(access_for_organizations(user, [organization.pk]), need)
    return organization


def require_staff(user) -> None:
    if not (user.is_authenticated and user.is_staff):
        raise Http404


# ---------------------------------------------------------------- services


def services_for_user(user, need: Access = Access.READ):
    """Services the user may read (or write): their organizations' own and those they partner on."""
    from .models import Service

    if not user.is_authenticated:
        return Service.objects.none()
    if user.is_staff:
        return Service.objects.all()
    roles = [role for role, granted in _ROLE_ACCESS.items() if granted >= min(need, Access.WRITE)]
    ids = list(
        Membership.objects.filter(user=user, role__in=roles).values_list(
            "organization_id", flat=True
        )
    )
    shared = Service.partners.through.objects.filter(organization_id__in=ids).values("service_id")
    return Service.objects.filter(Q(owner_id__in=ids) | Q(pk__in=shared))


def service_access(user, service) -> Access | None:
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
        granted = _ROLE_ACCESS[role]
        if granted == Access.MANAGE and organization_id != service.owner_id:
            granted = Access.WRITE  # a partner's manager manages their own services, not this one
        best = granted if best is None else max(best, granted)
    return best


def service_for_user(*, user, uuid, need: Access = Access.READ):
    from .models import Service

    service = Service.objects.select_related("owner").filter(uuid=uuid).first()
    if service is None:
        raise Http404
    service.user_access = service_access(user, service)
    require(service.user_access, need)
    return service


def organizations_user_manages(user):
    if user.is_staff:
        return Organization.objects.all()
    return Organization.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.MANAGER
    )
