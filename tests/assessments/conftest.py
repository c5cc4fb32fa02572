import pytest

from assessments import operations
from catalogue import operations as catalogue_operations
from organizations.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, PersonaFactory, ServiceFactory


@pytest.fixture
def partner_org(db):
    return OrganizationFactory(name_en="Partner City", name_fr="Ville partenaire")


@pytest.fixture
def partner_member(partner_org):
    return MembershipFactory(organization=partner_org, role=Membership.Role.MEMBER).user


@pytest.fixture
def partner_manager(partner_org):
    return MembershipFactory(organization=partner_org, role=Membership.Role.MANAGER).user


@pytest.fixture
def service(org, partner_org):
    return ServiceFactory(
        owner=org, name_en="Disaster Financial Assistance", partners=[partner_org]
    )


@pytest.fixture
def personas(service):
    return [
        PersonaFactory(service=service, name="Margaret", segment="seniors"),
        PersonaFactory(service=service, name="Ahmed", segment="newcomers"),
    ]


@pytest.fixture
def assessment(service, personas, manager):
    return operations.assessment_start(service=service, cycle="2026-27", user=manager)


def score_everything(assessment, user, current=2, target=4):
    for score in assessment.scores.select_related("attribute"):
        operations.score_save(
            score=score, user=user, version=score.version, current_level=current, target_level=target,
            rationale=f"Seen from the people, {score.attribute.key}", evidence="", confidence="medium",
        )  # fmt: skip


def complete(assessment, manager):
    score_everything(assessment, manager)
    operations.assessment_submit(assessment=assessment, user=manager)
    operations.assessment_complete(assessment=assessment, user=manager)
    assessment.refresh_from_db()
    return assessment


def publish_catalogue_with_extra_attribute(staff):
    """A version 2 with a 13th attribute, complete in both languages."""
    draft = catalogue_operations.catalogue_draft_create(user=staff)
    catalogue_operations.attribute_create(
        version=draft,
        user=staff,
        key="extra",
        name_en="Extra",
        name_fr="Extra FR",
        definition_en="Definition",
        definition_fr="Définition",
        questions_en="A question?",
        questions_fr="Une question?",
        descriptors={n: {"en": f"Level {n}", "fr": f"Niveau {n}"} for n in range(1, 6)},
    )
    return catalogue_operations.catalogue_publish(version=draft, user=staff)
