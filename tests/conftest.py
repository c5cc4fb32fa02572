"""Shared people: insiders of one organization, an outsider of another, staff.

Every view is tested as an insider, a member of another organization and an
anonymous visitor.
"""

import pytest

from organizations.models import Membership

from .factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture
def org(db):
    return OrganizationFactory(name_en="Wildfire Relief Agency", name_fr="Agence de secours")


@pytest.fixture
def other_org(db):
    return OrganizationFactory(name_en="Other Department", name_fr="Autre ministère")


def _member(org, role, **kwargs):
    return MembershipFactory(organization=org, role=role, **kwargs).user


@pytest.fixture
def manager(org):
    return _member(org, Membership.Role.MANAGER, user__full_name="Maya Manager")


@pytest.fixture
def member(org):
    return _member(org, Membership.Role.MEMBER, user__full_name="Tom Member")


@pytest.fixture
def executive(org):
    return _member(org, Membership.Role.EXECUTIVE, user__full_name="Eve Executive")


@pytest.fixture
def outsider(other_org):
    return _member(other_org, Membership.Role.MANAGER, user__full_name="Olly Outsider")


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, full_name="Ada Admin")


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user (or anonymous for None)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English, whatever language the previous test's requests left active."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Each test writes its files (reports, uploads) to a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def reinstall_defaults():
    """What the data migrations put in a new database: the default catalogue and code labels."""
    from catalogue import models
    from catalogue.defaults import load_default_catalogue
    from services.codes import seed_inventory_codes
    from services.models import InventoryCode

    load_default_catalogue(
        CatalogueVersion=models.CatalogueVersion,
        MaturityLevel=models.MaturityLevel,
        Attribute=models.Attribute,
        LevelDescriptor=models.LevelDescriptor,
    )
    seed_inventory_codes(InventoryCode)


@pytest.fixture(autouse=True)
def default_catalogue(request):
    """Transactional tests flush the database, data migrations included: put their data back."""
    if "transactional_db" not in request.fixturenames and not any(
        m.kwargs.get("transaction") for m in request.node.iter_markers("django_db")
    ):
        return
    request.getfixturevalue("transactional_db")
    reinstall_defaults()
