"""The access read in the same query as the rows equals the access read on its own."""

import itertools

import pytest
from django.http import Http404

from organizations.access import Access
from organizations.models import Membership
from services.access import access_of, service_access, service_for_user, with_service_access
from services.models import Service
from tests.factories import MembershipFactory, OrganizationFactory, ServiceFactory, UserFactory

ROLES = [None, Membership.Role.EXECUTIVE, Membership.Role.MEMBER, Membership.Role.MANAGER]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("owner_role", "partner_roles"),
    itertools.product(ROLES, [(), ("executive",), ("member", "manager"), ("manager",)]),
)
def test_every_mix_of_owner_and_partner_roles(owner_role, partner_roles):
    owner = OrganizationFactory()
    partners = [OrganizationFactory() for _ in partner_roles]
    service = ServiceFactory(owner=owner, partners=partners)
    person = UserFactory()
    if owner_role:
        MembershipFactory(user=person, organization=owner, role=owner_role)
    for organization, role in zip(partners, partner_roles, strict=True):
        MembershipFactory(user=person, organization=organization, role=role)

    expected = service_access(person, service)
    row = with_service_access(Service.objects.filter(pk=service.pk), person).get()
    assert access_of(row, person) == expected
    ranks = {"executive": Access.READ, "member": Access.WRITE, "manager": Access.MANAGE}
    best_partner = max((min(ranks[r], Access.WRITE) for r in partner_roles), default=None)
    best = max([a for a in (ranks.get(owner_role or ""), best_partner) if a], default=None)
    assert expected == best  # a partner's manager writes but never manages
    if best is None:
        with pytest.raises(Http404):
            service_for_user(user=person, uuid=service.uuid)
    else:
        assert service_for_user(user=person, uuid=service.uuid).user_access == best
