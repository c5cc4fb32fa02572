"""Backup and restore: one organization's data to JSON and back into an empty database, exactly."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from assessments import operations
from improvements import operations as ops
from organizations.models import Membership, Organization
from services.models import InventoryCode, ServiceStandard, StandardPerformance
from tests.conftest import reinstall_defaults
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonaFactory,
    ServiceFactory,
    StageFactory,
)


def _rich_organization():
    org = OrganizationFactory(slug="relief", name_en="Relief Agency", name_fr="Agence de secours")
    partner = OrganizationFactory(
        slug="partner-city", name_en="Partner City", name_fr="Ville partenaire"
    )
    manager = MembershipFactory(organization=org, role=Membership.Role.MANAGER).user
    MembershipFactory(organization=org, role=Membership.Role.EXECUTIVE)
    service = ServiceFactory(
        owner=org, name_en="Disaster Financial Assistance", partners=[partner], inventory_id="901"
    )
    standard = ServiceStandard.objects.create(
        service=service, standard_id="S1", text_en="Pay in 5 days", type="TML"
    )
    StandardPerformance.objects.create(
        standard=standard,
        fiscal_year="2024-2025",
        target=Decimal("0.8"),
        performance=Decimal("0.95"),
        target_met=True,
    )
    persona = PersonaFactory(service=service, name="Margaret", goals="Get home")
    stage = StageFactory(persona=persona, name="Apply", order=1, sentiment=-2, organization=partner)
    first = operations.assessment_start(service=service, cycle="2025-26", user=manager)
    for score in first.scores.all():
        operations.score_save(
            score=score,
            user=manager,
            version=0,
            current_level=2,
            target_level=4,
            rationale="Survey",
            ratings={persona.pk: (2, "hard")},
        )
    ops.opportunity_create(
        assessment=first, user=manager, title="Tell us once", levers=["policy", "technology"], impact=5, effort=4,
        personas=[persona], stages=[stage], attributes=[first.catalogue_version.attributes.get(key="trust")],
        owner_organization=partner, owner_user=manager, target_date=date(2026, 11, 1), status="planned",
    )  # fmt: skip
    operations.assessment_submit(assessment=first, user=manager)
    operations.assessment_complete(assessment=first, user=manager)
    second = operations.assessment_start(service=service, cycle="2026-27", user=manager)
    score = second.scores.get(attribute__key="trust")
    operations.score_save(score=score, user=manager, version=0, current_level=3, target_level=5)
    return org


@pytest.mark.django_db(transaction=True)
def test_an_organization_round_trips_through_json_into_an_empty_database(tmp_path):
    _rich_organization()
    path = tmp_path / "relief.json"
    call_command("export_organization", "relief", str(path), verbosity=0)
    first = path.read_text(encoding="utf-8")
    assert "Disaster Financial Assistance" in first and "Tell us once" in first

    # An empty database: everything removed, then the default catalogue as a new install has it.
    call_command("flush", interactive=False, verbosity=0)
    reinstall_defaults()
    assert not Organization.objects.exists()

    call_command("import_organization", str(path), verbosity=0)
    again = tmp_path / "again.json"
    call_command("export_organization", "relief", str(again), verbosity=0)
    import difflib

    diff = "\n".join(
        difflib.unified_diff(
            first.splitlines(), again.read_text(encoding="utf-8").splitlines(), lineterm="", n=6
        )
    )
    assert not diff, diff


@pytest.mark.django_db(transaction=True)
def test_restoring_over_an_existing_organization_is_refused_and_changes_nothing(tmp_path):
    from django.core.management.base import CommandError

    _rich_organization()
    path = tmp_path / "relief.json"
    call_command("export_organization", "relief", str(path), verbosity=0)
    before = Organization.objects.count()
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_organization", str(path), verbosity=0)
    assert Organization.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_codes_channels_and_levers_come_back_and_older_documents_still_restore(tmp_path):
    import json

    from improvements.models import ImprovementOpportunity
    from personas.models import Persona
    from services.models import Service

    _rich_organization()
    Persona.objects.get(name="Margaret").preferred_channels.set(
        InventoryCode.objects.in_list("channels").filter(code__in=["TEL", "PERSON"])
    )
    path = tmp_path / "relief.json"
    call_command("export_organization", "relief", str(path), verbosity=0)
    document = json.loads(path.read_text(encoding="utf-8"))
    # Documents written before codes were relations hold them as ",A,B," text.
    document["services"][0]["client_segments"] = ",PERSON,NGO,"
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command("flush", interactive=False, verbosity=0)
    reinstall_defaults()

    call_command("import_organization", str(path), verbosity=0)
    service = Service.objects.get(inventory_id="901")
    assert service.client_segment_codes == ["PERSON", "NGO"]
    assert service.channel_codes == ["ONL", "TEL"] and service.service_type_codes == ["GNC"]
    assert Persona.objects.get(name="Margaret").preferred_channel_codes == ["TEL", "PERSON"]
    assert ImprovementOpportunity.objects.get(title="Tell us once").lever_codes == [
        "policy",
        "technology",
    ]
