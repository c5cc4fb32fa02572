"""The access matrix for the people of a partner organization of organization A's shared
service: they read and write the service's content as its own team members do, never manage
it, and reach nothing of organization A itself (its pages, its people, its commitments)."""

import pytest
from django.urls import reverse

from organizations.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, ServiceFactory

from .test_access_matrix import (
    LOGIN,
    MANAGES_SOME,
    PUBLIC,
    READ,
    WRITE,
    World,
    _allowed_problems,
    _patterns,
    _refusal_problems,
    _rule,
)

# On the shared service's objects; on organization A's own pages they have none of these.
PARTNER_LEVELS = {
    "partner_executive": {LOGIN, READ},
    "partner_member": {LOGIN, READ, WRITE},
    "partner_manager": {LOGIN, READ, WRITE, MANAGES_SOME},
}
ROLES = {
    "partner_executive": Membership.Role.EXECUTIVE,
    "partner_member": Membership.Role.MEMBER,
    "partner_manager": Membership.Role.MANAGER,
}
OUTSIDE_A = {LOGIN, MANAGES_SOME}  # what a partner keeps on addresses of organization A itself


@pytest.mark.parametrize("who", list(PARTNER_LEVELS))
def test_a_partners_people_reach_the_shared_service_and_nothing_of_the_owner(client, who, db):
    world = World()
    partner = OrganizationFactory(name_en="Partner C")
    world.service.partners.add(partner)
    private = ServiceFactory(owner=world.org, name_en="Sentinel Private A")
    client.force_login(MembershipFactory(organization=partner, role=ROLES[who]).user)
    problems = []
    for name, pattern in _patterns():
        level, change = _rule(name)
        kwargs = world.kwargs(name, pattern)
        url = reverse(name, kwargs=kwargs)
        held = PARTNER_LEVELS[who]
        if "slug" in kwargs:  # an address of organization A itself
            held = held & OUTSIDE_A
        if level == PUBLIC or level in held:
            # The same checks as for the owner's people, with the partner's levels.
            problems += _allowed_problems(client, who, name, url, change, held)
        else:
            problems += _refusal_problems(client, who, name, url)
    # The owner's services it does not share appear in no list and no page of theirs.
    for name in ("home", "services:list", "reports:heatmap", "api:service-list"):
        if "Sentinel Private A" in client.get(reverse(name)).content.decode():
            problems.append(f"{name}: {who} sees a service not shared with them")
    if client.get(reverse("services:detail", args=[private.uuid])).status_code != 404:
        problems.append(f"{who} opens a service not shared with them")
    assert not problems, "\n".join(problems)
    world.opportunity.refresh_from_db()
    assert world.opportunity.title == "Sentinel Opportunity A"
