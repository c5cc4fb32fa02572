"""The audit trail records who created, changed and deleted which data, and when; staff read it."""

from django.urls import reverse

from assessments.operations import assessment_start
from catalogue import operations as catalogue_operations
from core.models import AuditEvent
from improvements import operations as ops
from organizations.models import Membership
from tests.factories import MembershipFactory, ServiceFactory


def test_a_score_saved_through_the_page_is_recorded_with_its_author(client_for, org, db):
    manager = MembershipFactory(organization=org, role=Membership.Role.MANAGER).user
    assessment = assessment_start(service=ServiceFactory(owner=org), cycle="2026-27", user=manager)
    client_for(manager).post(
        reverse("assessments:score", args=[assessment.uuid, "trust"]),
        {"current_level": "2", "target_level": "4", "rationale": "Survey", "version": "0"},
    )
    event = AuditEvent.objects.filter(
        object_type="assessments.attributescore", action="change"
    ).get()
    assert event.actor == manager
    assert event.changes["current_level"] == ["", "2"] and event.changes["rationale"] == [
        "",
        "Survey",
    ]
    assert AuditEvent.objects.filter(object_type="assessments.assessment", action="create").exists()


def test_catalogue_opportunity_creation_change_and_deletion_are_recorded(staff, org, db):
    manager = MembershipFactory(organization=org, role=Membership.Role.MANAGER).user
    draft = catalogue_operations.catalogue_draft_create(user=staff)
    catalogue_operations.attribute_update(
        attribute=draft.attributes.get(key="trust"), name_en="Trust"
    )
    assert AuditEvent.objects.filter(
        object_type="catalogue.attribute", action="change", changes__name_en__1="Trust"
    ).exists()
    assessment = assessment_start(service=ServiceFactory(owner=org), cycle="2026-27", user=manager)
    item = ops.opportunity_create(
        assessment=assessment,
        user=manager,
        title="Tell us once",
        levers=["policy"],
        impact=3,
        effort=2,
    )
    ops.opportunity_delete(opportunity=item)
    actions = list(
        AuditEvent.objects.filter(object_type="improvements.improvementopportunity").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["create", "delete"]


def test_only_staff_read_the_audit_trail(client_for, staff, manager, member, outsider, db):
    for user in (manager, member, outsider):
        assert client_for(user).get(reverse("audit_log")).status_code == 404
    draft = catalogue_operations.catalogue_draft_create(user=staff)
    draft.change_notes_en = "Notes"
    draft.save()
    body = (
        client_for(staff)
        .get(reverse("audit_log"), {"type": "catalogue.catalogueversion"})
        .content.decode()
    )
    assert "catalogue.catalogueversion" in body and "change_notes_en" in body
