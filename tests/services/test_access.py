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


@pytest.mark.django_db
def test_the_organizations_of_the_filter_lists_are_those_of_the_services_one_may_read():
    """The filter lists' organizations (one statement written once) are exactly the owners
    and partners of the services the person may read (the ORM's rule), for every kind of
    person: none of an unrelated service's organizations, and nobody's for no membership."""
    from django.db.models import Q

    from services.access import services_for_user
    from services.queries import organizations_for_filter

    a, b, c, d, e, lonely = (OrganizationFactory() for _ in range(6))
    ServiceFactory(owner=a, partners=[b])
    ServiceFactory(owner=c, partners=[a, d])
    ServiceFactory(owner=e)  # nobody below reads it
    people = {
        "owner": [(a, "member")],
        "partner": [(b, "executive")],
        "both": [(a, "manager"), (d, "member")],
        "without services": [(lonely, "manager")],
        "nobody's member": [],
    }
    for name, memberships in people.items():
        person = UserFactory()
        for organization, role in memberships:
            MembershipFactory(user=person, organization=organization, role=role)
        visible = services_for_user(person)
        expected = set(
            type(a).objects.filter(
                Q(pk__in=visible.values("owner_id"))
                | Q(pk__in=Service.partners.through.objects.filter(
                    service__in=visible).values("organization_id"))
            )
        )  # fmt: skip
        found = list(organizations_for_filter(person))
        assert set(found) == expected, name
        assert len(found) == len(expected), name  # each once
        assert e not in found and lonely not in found, name
    staff = UserFactory(is_staff=True)
    assert len(organizations_for_filter(staff)) == 6
