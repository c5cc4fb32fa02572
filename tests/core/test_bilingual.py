"""Bilingual names: lists are ordered as the reader reads them."""

import pytest
from django.urls import reverse

from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _titles_in_order(body: str, names: list[str]) -> list[str]:
    return sorted(names, key=body.index)


def test_the_home_page_lists_services_by_their_name_in_the_readers_language(
    client_for, member, org
):
    ServiceFactory(owner=org, name_en="Apple picking permits", name_fr="Permis de cueillette")
    ServiceFactory(owner=org, name_en="Zebra crossing grants", name_fr="Aide aux passages")
    ServiceFactory(
        owner=org, name_en="Moose licences", name_fr=""
    )  # no French name: its English one
    c = client_for(member)
    english = c.get(reverse("home")).content.decode()
    assert _titles_in_order(
        english, ["Apple picking permits", "Moose licences", "Zebra crossing grants"]
    ) == ["Apple picking permits", "Moose licences", "Zebra crossing grants"]
    french = c.get("/fr/").content.decode()
    assert _titles_in_order(
        french, ["Aide aux passages", "Moose licences", "Permis de cueillette"]
    ) == ["Aide aux passages", "Moose licences", "Permis de cueillette"]


def test_the_language_toggle_opens_the_same_page_in_the_other_language(client_for, member, org):
    c = client_for(member)
    english = c.get("/en/services/?q=permits").content.decode()
    assert 'lang-href="/fr/services/?q=permits"' in english
    french = c.get("/fr/services/?q=permits").content.decode()
    assert 'lang-href="/en/services/?q=permits"' in french
