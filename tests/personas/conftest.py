import pytest

from organizations.models import Membership
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonaFactory,
    ServiceFactory,
    StageFactory,
)


@pytest.fixture
def partner_org(db):
    return OrganizationFactory(name_en="Partner City", name_fr="Ville partenaire")


@pytest.fixture
def service(org, partner_org):
    return ServiceFactory(
        owner=org, name_en="Disaster Financial Assistance", partners=[partner_org]
    )


@pytest.fixture
def partner_member(partner_org):
    return MembershipFactory(organization=partner_org, role=Membership.Role.MEMBER).user


@pytest.fixture
def partner_executive(partner_org):
    return MembershipFactory(organization=partner_org, role=Membership.Role.EXECUTIVE).user


@pytest.fixture
def persona(service):
    persona = PersonaFactory(service=service, name="Margaret", segment="seniors")
    for order, (name, sentiment) in enumerate(
        [("Awareness", 0), ("Apply", -2), ("Receive", 1)], start=1
    ):
        StageFactory(persona=persona, name=name, order=order, sentiment=sentiment)
    return persona
