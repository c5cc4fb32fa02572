import pytest
from django.core.exceptions import ValidationError

from personas import operations
from personas.models import JourneyStage, Persona
from tests.factories import ServiceFactory


def _stage_names(persona):
    return list(persona.stages.order_by("order").values_list("name", flat=True))


def test_creating_a_persona_validates_its_fields(service, member):
    with pytest.raises(ValidationError) as caught:
        operations.persona_create(service=service, user=member, name="", segment="martians")
    assert set(caught.value.message_dict) == {"name", "segment"}
    assert not Persona.objects.exists()


def test_stages_are_added_in_order_and_reordered(persona):
    stage = operations.stage_create(persona=persona, name="Follow up", sentiment=-1)
    assert stage.order == 4
    operations.stage_move(stage=stage, direction="up")
    assert _stage_names(persona) == ["Awareness", "Apply", "Follow up", "Receive"]
    first = persona.stages.get(name="Awareness")
    operations.stage_move(stage=first, direction="up")  # already first: nothing moves
    operations.stage_move(stage=first, direction="down")
    assert _stage_names(persona) == ["Apply", "Awareness", "Follow up", "Receive"]


def test_removing_a_stage_keeps_the_others_in_order(persona):
    operations.stage_delete(stage=persona.stages.get(name="Apply"))
    assert list(persona.stages.order_by("order").values_list("name", "order")) == [
        ("Awareness", 1),
        ("Receive", 2),
    ]


def test_sentiment_must_be_between_minus_two_and_plus_two(persona):
    with pytest.raises(ValidationError) as caught:
        operations.stage_create(persona=persona, name="Too happy", sentiment=3)
    assert "sentiment" in caught.value.message_dict
    assert persona.stages.count() == 3


def test_an_archived_persona_is_read_only_until_restored(persona):
    operations.persona_archive(persona=persona)
    with pytest.raises(ValidationError, match="Restore the persona"):
        operations.persona_update(persona=persona, name="Changed")
    with pytest.raises(ValidationError, match="Restore the persona"):
        operations.stage_create(persona=persona, name="New")
    operations.persona_restore(persona=persona)
    operations.persona_update(persona=persona, name="Margaret R.")
    persona.refresh_from_db()
    assert persona.name == "Margaret R." and not persona.is_archived


def test_a_persona_nobody_refers_to_can_be_deleted(persona):
    operations.persona_delete(persona=persona)
    assert not Persona.objects.exists() and not JourneyStage.objects.exists()


def test_duplicating_copies_the_journey_to_a_service_of_the_same_organization(persona, member, org):
    other_service = ServiceFactory(owner=org, name_en="Evacuee Registration")
    copy = operations.persona_duplicate(persona=persona, service=other_service, user=member)
    assert copy.service == other_service and copy.name == "Margaret"
    assert _stage_names(copy) == ["Awareness", "Apply", "Receive"]
    assert list(copy.stages.values_list("sentiment", flat=True).order_by("order")) == [0, -2, 1]
    assert _stage_names(persona) == ["Awareness", "Apply", "Receive"]  # the original is untouched


def test_duplicating_to_another_organizations_service_is_refused(persona, member, other_org):
    foreign = ServiceFactory(owner=other_org)
    with pytest.raises(ValidationError, match="same organization"):
        operations.persona_duplicate(persona=persona, service=foreign, user=member)
    assert not foreign.personas.exists()


def test_once_an_assessment_refers_to_a_persona_it_is_archived_not_deleted(
    persona, manager, member
):
    from assessments.operations import assessment_start

    assessment = assessment_start(service=persona.service, cycle="2026-27", user=manager)
    assert list(assessment.personas.all()) == [persona]
    with pytest.raises(ValidationError, match="Archive the persona instead"):
        operations.persona_delete(persona=persona)
    assert Persona.objects.filter(pk=persona.pk).exists()
    assert persona.stages.count() == 3
    operations.persona_archive(persona=persona)
    persona.refresh_from_db()
    assert persona.is_archived
    assert list(assessment.personas.all()) == [persona]  # the assessment keeps it
