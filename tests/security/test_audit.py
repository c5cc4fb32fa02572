"""The audit trail records who created, changed and deleted which data, and when; staff read it.

Operations record their own writes: bulk creations and many-to-many links included, with no
read of their own, and writes made in the Django admin too.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import operations as assessment_operations
from assessments.models import AttributeScore
from catalogue import operations as catalogue_operations
from catalogue.models import MaturityLevel
from core.models import AuditEvent
from improvements import operations as ops
from organizations.models import Membership
from tests.factories import MembershipFactory, PersonaFactory, ServiceFactory, UserFactory


@pytest.fixture
def manager(org):
    return MembershipFactory(organization=org, role=Membership.Role.MANAGER).user


@pytest.fixture
def assessment(org, manager):
    service = ServiceFactory(owner=org)
    PersonaFactory(service=service, name="Margaret")
    return assessment_operations.assessment_start(service=service, cycle="2026-27", user=manager)


def _entries(object_type, **filters):
    return AuditEvent.objects.filter(object_type=object_type, **filters)


def test_a_score_saved_through_the_page_is_recorded_with_its_author(
    client_for, manager, assessment
):
    client_for(manager).post(
        reverse("assessments:score", args=[assessment.uuid, "trust"]),
        {"current_level": "2", "target_level": "4", "rationale": "Survey", "version": "0"},
    )
    event = _entries("assessments.attributescore", action="change").get()
    assert event.actor == manager
    assert event.scope == str(assessment.uuid)
    assert event.changes["current_level"] == [None, 2]
    assert event.changes["rationale"] == ["", "Survey"]
    assert _entries("assessments.assessment", action="create").exists()


def test_scores_created_in_bulk_at_the_start_are_each_recorded(manager, assessment):
    created = _entries("assessments.attributescore", action="create")
    assert created.count() == assessment.scores.count() == 12
    assert {(e.actor, e.scope) for e in created} == {(manager, str(assessment.uuid))}
    assert {e.object_id for e in created} == {
        str(pk) for pk in assessment.scores.values_list("pk", flat=True)
    }
    start = _entries("assessments.assessment", action="create").get()
    assert start.changes["personas"] == [
        None,
        list(assessment.personas.values_list("pk", flat=True)),
    ]
    assert start.changes["cycle"] == [None, "2026-27"]


def test_a_draft_records_every_copied_level_attribute_and_descriptor(staff, db):
    draft = catalogue_operations.catalogue_draft_create(user=staff)
    counts = {
        kind: AuditEvent.objects.filter(object_type=f"catalogue.{kind}", action="create", scope=str(draft.uuid), actor=staff).count()
        for kind in ("catalogueversion", "maturitylevel", "attribute", "leveldescriptor")
    }  # fmt: skip
    assert counts == {
        "catalogueversion": 1,
        "maturitylevel": 5,
        "attribute": 12,
        "leveldescriptor": 60,
    }


def test_removing_a_level_records_its_descriptors_removed_with_it(staff, db):
    draft = catalogue_operations.catalogue_draft_create(user=staff)
    level = catalogue_operations.level_create(version=draft, user=staff)
    assert (
        _entries(
            "catalogue.leveldescriptor", action="create", changes__level=[None, level.pk]
        ).count()
        == 12
    )
    catalogue_operations.level_delete(level=level, user=staff)
    deleted = AuditEvent.objects.filter(action="delete", scope=str(draft.uuid), actor=staff)
    assert set(deleted.values_list("object_type", flat=True)) == {
        "catalogue.leveldescriptor",
        "catalogue.maturitylevel",
    }
    assert deleted.filter(object_type="catalogue.leveldescriptor").count() == 12


def test_catalogue_opportunity_creation_change_and_deletion_are_recorded(
    staff, manager, assessment
):
    draft = catalogue_operations.catalogue_draft_create(user=staff)
    catalogue_operations.attribute_update(
        attribute=draft.attributes.get(key="trust"), user=staff, name_en="Trust"
    )
    assert AuditEvent.objects.filter(
        object_type="catalogue.attribute", action="change", changes__name_en__1="Trust", actor=staff
    ).exists()
    item = ops.opportunity_create(
        assessment=assessment,
        user=manager,
        title="Tell us once",
        levers=["policy"],
        impact=3,
        effort=2,
    )
    ops.opportunity_delete(opportunity=item, user=manager)
    events = _entries("improvements.improvementopportunity", scope=str(assessment.uuid))
    assert sorted(events.values_list("action", flat=True)) == ["create", "delete"]
    assert events.get(action="delete").changes["title"] == ["Tell us once", None]


def test_an_opportunitys_linked_attributes_personas_and_stages_are_recorded(manager, assessment):
    trust, clarity = (
        assessment.catalogue_version.attributes.get(key=k) for k in ("trust", "clarity")
    )
    margaret = assessment.personas.get()
    item = ops.opportunity_create(
        assessment=assessment, user=manager, title="Tell us once", levers=["policy"], impact=3,
        effort=2, attributes=[trust],
    )  # fmt: skip
    ops.opportunity_update(
        opportunity=item, user=manager, title="Tell us once", levers=["policy"], impact=3,
        effort=2, attributes=[trust, clarity], personas=[margaret],
    )  # fmt: skip
    change = _entries("improvements.improvementopportunity", action="change").get()
    assert change.actor == manager
    assert change.changes == {
        "attributes": [[trust.pk], sorted([trust.pk, clarity.pk])],
        "personas": [[], [margaret.pk]],
    }
    assert _entries("improvements.improvementopportunity", action="create").get().changes[
        "attributes"
    ] == [None, [trust.pk]]


def test_saving_a_score_reads_no_score_row_to_audit_it(manager, assessment):
    # As the score page holds it: with its assessment, service, catalogue version and attribute.
    score = AttributeScore.objects.select_related(
        "assessment__service", "assessment__catalogue_version", "attribute"
    ).get(assessment=assessment, attribute__key="trust")
    with CaptureQueriesContext(connection) as captured:
        assessment_operations.score_save(
            score=score, user=manager, version=0, current_level=2, target_level=4, confidence="high"
        )
    sql = [
        q["sql"]
        for q in captured.captured_queries
        if not re.match(r"(RELEASE )?SAVEPOINT", q["sql"])
    ]
    assert not [q for q in sql if q.startswith("SELECT") and '"assessments_attributescore"' in q]
    # The assessment's status, the number of levels, the versioned UPDATE and the entry.
    assert len(sql) == 4
    assert sum(q.startswith('INSERT INTO "core_auditevent"') for q in sql) == 1
    assert (score.current_level, score.version, score.updated_by) == (2, 1, manager)
    event = _entries("assessments.attributescore", action="change").get()
    assert event.changes == {
        "current_level": [None, 2],
        "target_level": [None, 4],
        "confidence": ["", "high"],
    }


def test_only_staff_read_the_audit_trail(client_for, staff, manager, member, outsider, db):
    for user in (manager, member, outsider):
        assert client_for(user).get(reverse("audit_log")).status_code == 404
    draft = catalogue_operations.catalogue_draft_create(user=staff)
    catalogue_operations.catalogue_update(version=draft, user=staff, change_notes_en="Notes")
    body = (
        client_for(staff)
        .get(reverse("audit_log"), {"type": "catalogue.catalogueversion"})
        .content.decode()
    )
    assert 'value="catalogue.catalogueversion" selected' in body
    assert "Change notes (English)</span>: — → Notes" in body
    assert "change_notes_en" not in body


def test_the_audit_trail_page_reads_in_french(client_for, staff, db):
    from django.utils import translation

    draft = catalogue_operations.catalogue_draft_create(user=staff)
    catalogue_operations.catalogue_publish(version=draft, user=staff)
    with translation.override("fr"):
        url = reverse("audit_log")
    body = client_for(staff).get(url, {"type": "catalogue.catalogueversion"}).content.decode()
    assert "Statut</span> : Ébauche → Publiée" in body
    assert "Version du catalogue" in body and '"change-field">status' not in body


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True, full_name="Root Admin")


def _admin_form_data(context) -> dict:
    """What the admin change page would post back unchanged: the form and its inlines."""
    forms = [context["adminform"].form]
    data = {}
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        forms += formset.initial_forms
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is not None:
                data[form.add_prefix(name)] = getattr(value, "pk", value)
    return data


def test_admin_writes_are_recorded_with_inlines_and_cascades(client_for, superuser, staff):
    draft = catalogue_operations.catalogue_draft_create(user=staff)
    trust_name = draft.attributes.get(key="trust").name_en
    client = client_for(superuser)
    url = reverse("admin:catalogue_catalogueversion_change", args=[draft.pk])
    data = _admin_form_data(client.get(url).context)
    data["change_notes_fr"] = "Notes de version"
    trust = next(k for k, v in data.items() if v == "trust" and k.endswith("-key"))
    data[trust.replace("-key", "-name_en")] = "Trust in us"
    assert client.post(url, data).status_code == 302
    changes = AuditEvent.objects.filter(action="change", actor=superuser, scope=str(draft.uuid))
    assert {e.object_type: e.changes for e in changes} == {
        "catalogue.catalogueversion": {"change_notes_fr": ["", "Notes de version"]},
        "catalogue.attribute": {"name_en": [trust_name, "Trust in us"]},
    }

    top = draft.levels.get(number=5)
    delete = reverse("admin:catalogue_maturitylevel_delete", args=[top.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not MaturityLevel.objects.filter(pk=top.pk).exists()
    deleted = AuditEvent.objects.filter(action="delete", actor=superuser, scope=str(draft.uuid))
    assert deleted.filter(object_type="catalogue.maturitylevel", object_id=str(top.pk)).exists()
    assert deleted.filter(object_type="catalogue.leveldescriptor").count() == 12


def test_a_change_of_levers_is_recorded_and_read_as_lever_names(
    client_for, manager, assessment, executive
):
    item = ops.opportunity_create(
        assessment=assessment, user=manager, title="Tell us once", levers=["policy"], impact=3,
        effort=2,
    )  # fmt: skip
    ops.opportunity_update(
        opportunity=item, user=manager, title="Tell us once", levers=["technology", "policy"],
        impact=3, effort=2,
    )  # fmt: skip
    change = _entries("improvements.improvementopportunity", action="change").get()
    assert change.changes == {"levers": [["policy"], ["policy", "technology"]]}
    history = reverse("assessments:history", args=[assessment.uuid])
    english = client_for(executive).get(history).content.decode()
    assert "Levers" in english and "Policy, Technology" in english
    french = client_for(executive).get("/fr" + history[3:]).content.decode()
    assert "Politiques, Technologie" in french
