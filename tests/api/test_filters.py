"""One way to filter: a list's page and its API endpoint share one FilterSet, so the same
parameters find the same rows, match exact codes, and refuse a bad value the same way."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from api.schema import filter_parameters
from improvements import operations as ops
from improvements.filters import OpportunityFilterSet
from services.filters import ServiceFilterSet
from services.models import InventoryCode
from tests.factories import ServiceFactory


@pytest.fixture(autouse=True)
def _clear_throttle_counts():
    cache.clear()


def _api_names(api_client, url, params, field="name_en"):
    response = api_client.get(url, params)
    assert response.status_code == 200, response.json()
    return [row[field] for row in response.json()["results"]]


def _page_names(client, params):
    response = client.get(reverse("services:list"), params)
    assert response.status_code == 200
    return [row["service"].name_en for row in response.context["rows"]]


@pytest.fixture
def services(org, other_org, partner_org):
    return [
        ServiceFactory(
            owner=org, name_en="Flood Grants", client_segments=["ECONOM"], service_types=["GNC"]
        ),
        ServiceFactory(
            owner=other_org,
            name_en="Seniors Line",
            client_segments=["PERSON"],
            service_types=["INFO"],
            inventory_id="777",
            partners=[org],
        ),
        ServiceFactory(owner=partner_org, name_en="Partner Permits", client_segments=["NGO"]),
    ]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"organization": "org"},
        {"organization": "other_org"},
        {"q": "line"},
        {"q": "777"},
        {"segment": "ECONOM"},
        {"type": "INFO"},
        {"organization": "org", "type": "GNC"},
    ],
)
def test_the_services_page_and_the_api_find_the_same_services_for_the_same_parameters(
    request, client_for, api, staff, services, params
):
    params = {
        name: request.getfixturevalue(value).slug if name == "organization" else value
        for name, value in params.items()
    }
    page = _page_names(client_for(staff), params)
    assert page == _api_names(api(staff), reverse("api:service-list"), params)
    assert page  # every case finds something, so the comparison means something


def test_an_organization_finds_the_services_it_owns_and_those_it_shares(
    client_for, api, staff, services, org
):
    expected = ["Flood Grants", "Seniors Line"]  # owned, and shared with org as a partner
    assert _page_names(client_for(staff), {"organization": org.slug}) == expected
    assert _api_names(api(staff), reverse("api:service-list"), {"organization": org.slug}) == (
        expected
    )


def test_a_client_segment_finds_services_by_exact_code_in_the_page_and_the_api(
    client_for, api, staff, org
):
    # A code list can hold a code that is part of another (imported from dd_choices.csv).
    InventoryCode.objects.create(
        resource="service",
        field="client_target_groups",
        code="INTERN",
        label_en="Internal teams",
        label_fr="Équipes internes",
    )
    ServiceFactory(owner=org, name_en="Departmental Pay", client_segments=["INTERN_GOV"])
    ServiceFactory(owner=org, name_en="Help Desk", client_segments=["INTERN"])
    ServiceFactory(owner=org, name_en="Pensions", client_segments=["PERSON", "INTERN_GOV"])
    page, api_client = client_for(staff), api(staff)
    url = reverse("api:service-list")
    for code, expected in (
        ("INTERN", ["Help Desk"]),
        ("INTERN_GOV", ["Departmental Pay", "Pensions"]),
        ("PERSON", ["Pensions"]),
    ):
        assert _page_names(page, {"segment": code}) == expected
        assert _api_names(api_client, url, {"segment": code}) == expected
    # A part of a code is no code: the page says so on the field and lists nothing, the API
    # answers 400 naming the parameter.
    response = page.get(reverse("services:list"), {"segment": "INTERN_"})
    assert response.context["rows"] == []
    assert "Select a valid choice. INTERN_ is not one of the available choices." in (
        response.content.decode()
    )
    refused = api_client.get(url, {"segment": "INTERN_"})
    assert refused.status_code == 400
    assert refused.json()["errors"] == [
        {
            "field": "segment",
            "message": "Select a valid choice. INTERN_ is not one of the available choices.",
        }
    ]


@pytest.fixture
def three(assessment, member, partner_org):
    attribute = assessment.catalogue_version.attributes.get(key="staff")
    make = lambda **fields: ops.opportunity_create(  # noqa: E731
        assessment=assessment, user=member, impact=3, effort=2, **fields
    )
    return [
        make(title="Train reception staff", levers=["skills"], attributes=[attribute]),
        make(title="Tell us once", levers=["policy"], owner_organization=partner_org),
        make(title="One shared system", levers=["policy", "technology"], status="planned"),
    ]


def test_the_api_lever_filter_returns_only_that_lever_and_refuses_a_part_of_one(
    api, executive, three
):
    c = api(executive)
    url = reverse("api:opportunity-list")
    titles = lambda **params: sorted(_api_names(c, url, params, field="title"))  # noqa: E731
    assert titles(lever="policy") == ["One shared system", "Tell us once"]
    assert titles(lever="skills") == ["Train reception staff"]
    assert titles(lever="technology") == ["One shared system"]
    # "o" is in "policy" and in "technology", but it is no lever.
    refused = c.get(url, {"lever": "o"})
    assert refused.status_code == 400
    assert refused.json() == {
        "status": 400,
        "errors": [{"field": "lever", "message": "Choose skills, policy or technology."}],
    }


@pytest.mark.parametrize(
    "params",
    [
        {"lever": "policy"},
        {"status": "planned"},
        {"attribute": "staff"},
        {"owner": "partner"},
        {"lever": "policy", "status": "proposed"},
    ],
)
def test_the_opportunity_pages_and_the_api_find_the_same_opportunities(
    client_for, api, executive, assessment, three, partner_org, params
):
    if params.get("owner") == "partner":
        params = {**params, "owner": partner_org.slug}
    page = client_for(executive).get(reverse("improvements:list", args=[assessment.uuid]), params)
    on_page = [o.title for o in page.context["opportunities"]]
    in_api = _api_names(
        api(executive),
        reverse("api:opportunity-list"),
        {**params, "assessment": str(assessment.uuid)},
        field="title",
    )
    assert on_page == in_api and on_page


def test_a_bad_value_on_a_page_shows_the_error_and_lists_nothing(
    client_for, executive, assessment, three
):
    response = client_for(executive).get(
        reverse("improvements:list", args=[assessment.uuid]), {"lever": "o"}
    )
    assert response.context["opportunities"] == []
    assert 'error-message="Choose skills, policy or technology."' in response.content.decode()


@pytest.mark.parametrize(
    ("name", "filterset"),
    [("service-list", ServiceFilterSet), ("opportunity-list", OpportunityFilterSet)],
)
def test_the_api_documents_exactly_the_parameters_of_the_lists_filterset(client, name, filterset):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    operation = schema["paths"][reverse(f"api:{name}")]["get"]
    documented = {p["name"] for p in operation["parameters"]} - {"page", "page_size"}
    assert documented == set(filterset.base_filters)
    assert [p.name for p in filter_parameters(filterset)] == list(filterset.base_filters)
