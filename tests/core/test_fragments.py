"""Reference data kept between requests (code lists, the catalogue's versions, the staff's list
of organizations) shows any change on the next request, whoever makes it, and nothing that
depends on the person is ever kept."""

import pytest
from django.db import connection
from django.urls import reverse

from catalogue.queries import latest_published
from core import fragments
from organizations.models import Organization
from services import queries as service_queries
from services.models import CODE_LISTS, InventoryCode
from tests.core.test_pages_not_cached import _write_outside_django
from tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _services_page(client) -> str:
    return client.get(reverse("services:list")).content.decode()


def _heatmap(client) -> str:
    return client.get(reverse("reports:heatmap")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_changes_made_outside_the_platform_show_on_the_next_request(client_for, staff, org):
    ServiceFactory(owner=org)
    c = client_for(staff)
    segment = InventoryCode.objects.in_list("client_segments").order_by("pk").first()
    version = latest_published()
    body = _heatmap(c)
    assert org.name_en in body and segment.label_en in body and version.label in body
    assert org.name_en in _heatmap(c)  # the fragments are now kept

    quote = connection.ops.quote_name
    _write_outside_django(
        f"UPDATE {quote(Organization._meta.db_table)} SET name_en = 'Renamed Outside' "  # noqa: S608 - test values
        f"WHERE id = {org.pk}"
    )
    _write_outside_django(
        f"UPDATE {quote(InventoryCode._meta.db_table)} SET label_en = 'Relabelled Outside' "  # noqa: S608 - test values
        f"WHERE id = {segment.pk}"
    )
    _write_outside_django(
        f"UPDATE {quote(type(version)._meta.db_table)} SET label = 'v-outside' "  # noqa: S608 - test values
        f"WHERE id = {version.pk}"
    )
    body = _heatmap(c)
    assert "Renamed Outside" in body and org.name_en not in body
    assert "Relabelled Outside" in body
    assert "v-outside" in body
    assert "Relabelled Outside" in _services_page(c) and "Renamed Outside" in _services_page(c)


def test_a_change_through_the_platform_shows_on_the_next_request(client_for, staff, org):
    c = client_for(staff)
    assert org.name_en in _services_page(c)
    OrganizationFactory(name_en="Newly Added Organization")
    assert "Newly Added Organization" in _services_page(c)
    segment = InventoryCode.objects.in_list("client_segments").order_by("pk").first()
    segment.label_en = "A New Label"
    segment.save()
    assert "A New Label" in _services_page(c)


def test_a_persons_list_of_organizations_is_never_the_staffs(client_for, staff, member, org):
    ServiceFactory(owner=org)
    elsewhere = OrganizationFactory(name_en="Organization Of Nobody Here")
    assert elsewhere.name_en in _services_page(client_for(staff))
    body = _services_page(client_for(member))
    assert org.name_en in body and elsewhere.name_en not in body


def test_nothing_is_kept_outside_a_signed_in_request(client_for, staff):
    _services_page(client_for(staff))
    segment = InventoryCode.objects.in_list("client_segments").order_by("pk").first()
    InventoryCode.objects.filter(pk=segment.pk).update(label_en="Changed Between Requests")
    # A task, or code run between requests, reads the data itself.
    labels = service_queries.code_labels()
    assert str(labels[CODE_LISTS["client_segments"]][segment.code]) == "Changed Between Requests"


def test_every_write_renews_its_topics_token_and_only_its_own(org):
    def tokens():
        return fragments._current_tokens("default")

    before = tokens()
    assert {"codes", "catalogue", "organizations"} <= set(before)
    Organization.objects.filter(pk=org.pk).update(name_fr="Renommée")
    after = tokens()
    assert after["organizations"] != before["organizations"]
    assert after["codes"] == before["codes"] and after["catalogue"] == before["catalogue"]
    # Installing the triggers again (after every migrate) keeps one trigger per table.
    fragments.install_triggers("default")
    fragments.install_triggers("default")
    again = tokens()
    InventoryCode.objects.filter(pk=InventoryCode.objects.first().pk).update(label_fr="x")
    assert tokens()["codes"] != again["codes"]
