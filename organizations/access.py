"""Who may read or write what: the one place every feature asks.

Rules
- ICCS staff (``user.is_staff``) administer the platform and may read and
  manage every organization.
- Inside an organization, executives read, team members read and write
  content, service managers also manage people and services.
- Anyone else gets a 404, never a 403: the existence of another
  organization's objects is not disclosed.

Later object types (services, personas, assessments...) build on these rules
in their own app's ``access`` module: a user's strongest role across the
organizations that own or share an object decides what they may do with it.
"""

from collections.abc import Iterable
from enum import IntEnum

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from core.access import the_one

from .models import Membership, Organization, User

# Whoever makes a request: a signed-in person or an anonymous visitor.
Person = User | AnonymousUser


class Access(IntEnum):
    READ = 1
    WRITE = 2
    MANAGE = 3


ROLE_ACCESS: dict[str, Access] = {
    Membership.Role.EXECUTIVE: Access.READ,
    Membership.Role.MEMBER: Access.WRITE,
    Membership.Role.MANAGER: Access.MANAGE,
}


def access_for_role(role: str | None) -> Access | None:
    return ROLE_ACCESS.get(role) if role else None


def memberships_of(user: Person) -> list[tuple[int, str]]:
    """(organization id, role) of each of the user's memberships: read once per request when
    the user object is the request's (core.middleware.RequestUserMiddleware), which lives for
    that request only; read afresh otherwise."""
    if not user.is_authenticated:
        return []
    kept: list[tuple[int, str]] | None = user.__dict__.get("_memberships")
    if kept is not None:
        return kept
    found = list(
        Membership.objects.filter(user=user).order_by().values_list("organization_id", "role")
    )
    if getattr(user, "request_scoped", False):
        user.__dict__["_memberships"] = found
    return found


def role_for_organizations(user: Person, organization_ids: Iterable[int]) -> str | None:
    """The user's strongest role in any of the given organizations, or None."""
    wanted = set(organization_ids)
    roles = [role for organization_id, role in memberships_of(user) if organization_id in wanted]
    best = None
    for role in roles:
        if best is None or ROLE_ACCESS[role] > ROLE_ACCESS[best]:
            best = role
    return best


def access_for_organizations(user: Person, organization_ids: Iterable[int]) -> Access | None:
    if user.is_authenticated and user.is_staff:
        return Access.MANAGE
    return access_for_role(role_for_organizations(user, organization_ids))


def require(granted: Access | None, needed: Access) -> None:
    if granted is None or granted < needed:
        raise Http404


def organizations_for_user(user: Person) -> QuerySet[Organization]:
    """Organizations the user may open: their own, or all of them for staff."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_staff:
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user).distinct()


def organization_for_user(*, user: Person, slug: str, need: Access = Access.READ) -> Organization:
    organization = the_one(Organization.objects.filter(slug=slug))
    if organization is None:
        raise Http404
    require(access_for_organizations(user, [organization.pk]), need)
    return organization


def manages_an_organization(user: Person) -> bool:
    """Whether the user may create services somewhere: a service manager of an organization
    (their memberships, read once a request), or staff where an organization exists."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return Organization.objects.exists()
    return any(role == Membership.Role.MANAGER for _, role in memberships_of(user))


def organizations_user_manages(user: Person) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_staff:
        return Organization.objects.all()
    return Organization.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.MANAGER
    )
