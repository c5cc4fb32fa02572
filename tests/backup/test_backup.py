"""Backup and restore: one organization's data to JSON and back into an empty database, exactly."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from assessments import operations
from backup.backup import RestoreError
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
    done = ops.opportunity_create(
        assessment=first, user=manager, title="Forms in French", levers=["technology"], impact=3,
        effort=2, owner_organization=org, contributors=[partner], status="done",
    )  # fmt: skip
    _feedback(service, manager, done)
    operations.assessment_submit(assessment=first, user=manager)
    operations.assessment_complete(assessment=first, user=manager)
    second = operations.assessment_start(service=service, cycle="2026-27", user=manager)
    score = second.scores.get(attribute__key="trust")
    operations.score_save(score=score, user=manager, version=0, current_level=3, target_level=5)
    return org


def _feedback(service, manager, done):
    """A campaign with answers, an approved and a hidden comment, and a published "You said,
    we did" page quoting the approved one."""
    from catalogue.queries import latest_published
    from feedback import operations as feedback_operations
    from feedback import queries as feedback_queries
    from improvements import you_said

    questions = feedback_queries.questions_of(latest_published())[:2]
    campaign = feedback_operations.campaign_create(
        service=service, user=manager, name="Counter survey", opens_on=date(2026, 11, 1),
        closes_on=date(2027, 1, 31), channels=["in_person"], attributes=questions, ask_segment=True,
    )  # fmt: skip
    responses = [
        feedback_operations.response_submit(
            campaign=campaign,
            nonce=f"backup-{n}",
            language="fr",
            channel="in_person",
            satisfaction=4,
            got_needed="yes",
            segment="seniors" if n else "",
            comment=(
                "Le formulaire en français, enfin" if n == 0 else "Hidden words" if n == 1 else ""
            ),
            ratings={questions[0].pk: 1 + n % 5, questions[1].pk: None},
        )  # fmt: skip
        for n in range(4)
    ]
    feedback_operations.comment_review(response=responses[0], user=manager, approve=True)
    feedback_operations.comment_review(response=responses[1], user=manager, approve=False)
    you_said.item_save(
        service=service, opportunity=done, user=manager, title_en="French forms",
        title_fr="Formulaires en français", what_we_did_en="Translated.", what_we_did_fr="Traduits.",
        done_on=date(2026, 11, 20), comments=[responses[0]],
    )  # fmt: skip
    you_said.page_publish(service=service, user=manager, intro_en="", intro_fr="")


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
    # What the public said came back, counted again, and its page still quotes it.
    from feedback.models import PublicSummary, Response
    from improvements.models import YouSaidItem

    assert Response.objects.count() == 4
    assert Response.objects.get(comment_status="hidden").comment == "Hidden words"
    assert (
        sum(r.rating_1 + r.rating_2 + r.rating_3 + r.rating_4 for r in PublicSummary.objects.all())
        == 4
    )
    assert sum(r.not_applicable for r in PublicSummary.objects.all()) == 4
    item = YouSaidItem.objects.get()
    assert [c.comment for c in item.comments.all()] == ["Le formulaire en français, enfin"]
    assert item.page.published_at is not None
    again = tmp_path / "again.json"
    call_command("export_organization", "relief", str(again), verbosity=0)
    import difflib

    diff = "\n".join(
        difflib.unified_diff(
            first.splitlines(), again.read_text(encoding="utf-8").splitlines(), lineterm="", n=6
        )
    )
    assert not diff, diff

    # The restore is in the audit trail: each assessment, score and opportunity it created.
    from assessments.models import Assessment, AttributeScore
    from core.models import AuditEvent

    restored = AuditEvent.objects.filter(action="create", actor=None)
    for assessment in Assessment.objects.all():
        entries = restored.filter(scope=str(assessment.uuid))
        assert entries.filter(object_type="assessments.assessment").count() == 1
        assert entries.filter(object_type="assessments.attributescore").count() == 12
    rated = AttributeScore.objects.filter(persona_ratings__rating=2).first()
    entry = restored.get(object_type="assessments.attributescore", object_id=str(rated.pk))
    persona = rated.persona_ratings.get().persona_id
    assert entry.changes[f"persona:{persona}"] == [None, 2]
    opportunity = restored.get(
        object_type="improvements.improvementopportunity", changes__title__1="Tell us once"
    )
    assert len(opportunity.changes["stages"][1]) == 1


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
def test_a_backup_holds_no_password_and_never_changes_people_already_here():
    from backup.backup import export_organization, import_organization
    from organizations.models import User

    org = _rich_organization()
    manager_email = Membership.objects.get(
        organization=org, role=Membership.Role.MANAGER
    ).user.email
    document = export_organization(org)
    assert "password" not in json.dumps(document)

    call_command("flush", interactive=False, verbosity=0)
    reinstall_defaults()
    here = User.objects.create_user(
        email=manager_email, password="a-long-password-here", full_name="Known Here"
    )
    import_organization(document)
    here.refresh_from_db()
    assert here.full_name == "Known Here" and here.check_password("a-long-password-here")
    assert Membership.objects.filter(user=here, organization__slug="relief").exists()
    # People the database did not know arrive without a password: they reset it to sign in.
    newcomer = User.objects.exclude(pk=here.pk).get()
    assert not newcomer.has_usable_password()


@pytest.mark.django_db
def test_a_document_cannot_overwrite_another_organizations_rows():
    from backup.backup import export_organization, import_organization

    org = _rich_organization()
    document = export_organization(org)
    other_service = ServiceFactory(name_en="Another organization's service")
    for item in document["objects"]:
        if item["model"] == "services.service":
            item["fields"]["uuid"] = str(other_service.uuid)
            item["fields"]["name_en"] = "Taken over"
    document["organization"] = "intruder"
    for item in document["objects"]:
        if item["model"] == "organizations.organization":
            item["fields"]["slug"] = "intruder"
    with pytest.raises(RestoreError, match="already exists"):
        import_organization(document)
    other_service.refresh_from_db()
    assert other_service.name_en == "Another organization's service"
    assert not Organization.objects.filter(slug="intruder").exists()


@pytest.mark.django_db(transaction=True)
def test_codes_channels_and_levers_come_back(tmp_path):
    from improvements.models import ImprovementOpportunity
    from personas.models import Persona
    from services.models import Service

    _rich_organization()
    Persona.objects.get(name="Margaret").preferred_channels.set(
        InventoryCode.objects.in_list("channels").filter(code__in=["TEL", "PERSON"])
    )
    path = tmp_path / "relief.json"
    call_command("export_organization", "relief", str(path), verbosity=0)
    service = Service.objects.get(inventory_id="901")
    service.client_segments.set(
        InventoryCode.objects.in_list("client_segments").filter(code__in=["PERSON", "NGO"])
    )
    call_command("export_organization", "relief", str(path), verbosity=0)
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


@pytest.mark.django_db(transaction=True)
def test_a_document_of_the_format_before_still_restores(tmp_path):
    from backup.backup import export_organization, import_organization

    org = OrganizationFactory(slug="older", name_en="Older Agency")
    ServiceFactory(owner=org, name_en="Older service")
    document = export_organization(org)
    assert document["format"] == "ccsmm-organization/3"
    document["format"] = "ccsmm-organization/2"  # it held no feedback: nothing else differs
    call_command("flush", interactive=False, verbosity=0)
    reinstall_defaults()
    restored = import_organization(document)
    assert restored.slug == "older" and restored.services.get().name_en == "Older service"
    document["format"] = "ccsmm-organization/1"
    with pytest.raises(RestoreError):
        import_organization(document)
