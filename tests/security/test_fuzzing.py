"""Hostile and random input: forms and importers answer with messages, never a server error,
and never save half of anything."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from catalogue.models import CatalogueVersion
from catalogue.serialization import CatalogueFileError, parse
from organizations.models import Organization
from personas.models import Persona
from services import inventory
from services.models import Service

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(raw=st.binary(max_size=2000))
@example(raw=b"\r\x00")  # a carriage return alone in the header line
def test_the_inventory_importer_refuses_any_bytes_cleanly(raw, db):
    try:
        parsed = inventory.read_files([("random.csv", raw)])
    except inventory.InventoryFileError as error:
        assert error.problems and all(isinstance(p, str) for p in error.problems)
        assert Service.objects.count() == 0
        return
    inventory.apply(parsed)  # what parses, imports


HEADER = "fiscal_yr,service_id,service_name_en,service_name_fr,owner_org,owner_org_title,num_applications_online\n"


@FUZZ
@given(cells=st.lists(st.tuples(TEXT, TEXT, TEXT, TEXT), min_size=1, max_size=5))
def test_the_inventory_importer_is_all_or_nothing_on_random_rows(cells, db):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    for year, sid, name, number in cells:
        writer.writerow([year, sid, name, name, "org-x", "Org X | Org X", number])
    before = (Service.objects.count(), Organization.objects.count())
    try:
        parsed = inventory.read_files([("si.csv", (HEADER + out.getvalue()).encode())])
    except inventory.InventoryFileError:
        assert (Service.objects.count(), Organization.objects.count()) == before
        return
    inventory.apply(parsed)
    assert Service.objects.count() >= before[0]


@FUZZ
@given(text=TEXT)
def test_the_catalogue_parser_refuses_any_text_cleanly(text):
    try:
        parse(text)
    except CatalogueFileError as error:
        assert error.problems
    try:
        parse(text, "json")
    except CatalogueFileError as error:
        assert error.problems


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "name",
                "segment",
                "age_band",
                "province",
                "evidence_base",
                "evidence_sources",
                "preferred_channels",
                "goals",
            ]
        ),
        TEXT,
    )
)
def test_the_persona_form_never_breaks_or_half_saves(signed_in, data, org, db):
    from tests.factories import ServiceFactory

    service = Service.objects.filter(owner=org).first() or ServiceFactory(owner=org)
    before = Persona.objects.count()
    response = signed_in.post(reverse("personas:create", args=[service.uuid]), data)
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert Persona.objects.count() == before


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(
            ["current_level", "target_level", "rationale", "evidence", "confidence", "version"]
        ),
        TEXT,
    )
)
def test_the_score_form_never_breaks(client, data, db):
    from assessments.operations import assessment_start
    from organizations.models import Membership
    from tests.factories import MembershipFactory, ServiceFactory

    member = MembershipFactory(role=Membership.Role.MANAGER).user
    service = ServiceFactory(owner=member.memberships.get().organization)
    assessment = assessment_start(service=service, cycle="fuzz", user=member)
    client.force_login(member)
    response = client.post(reverse("assessments:score", args=[assessment.uuid, "trust"]), data)
    assert response.status_code in {200, 302, 409}


@FUZZ
@given(
    upload=st.binary(max_size=3000), name=st.sampled_from(["c.yaml", "c.json", "c.yml", "c.txt"])
)
def test_the_catalogue_import_page_never_breaks_or_half_saves(client, staff, upload, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    before = CatalogueVersion.objects.count()
    response = client.post(
        reverse("catalogue:version_import"),
        {"file": SimpleUploadedFile(name, upload), "label": "fuzz"},
    )
    assert response.status_code in {200, 302, 400}
    if response.status_code != 302:
        assert CatalogueVersion.objects.count() == before
