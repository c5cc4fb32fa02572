import pytest
from django.core.exceptions import ValidationError

from assessments import operations
from assessments.models import Assessment
from catalogue import queries as catalogue_queries
from core.models import AuditEvent
from personas.operations import persona_archive
from tests.factories import PersonaFactory

from .conftest import complete, score_everything


def test_starting_pins_the_catalogue_lists_personas_and_creates_a_score_per_attribute(
    assessment, personas
):
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.catalogue_version == catalogue_queries.latest_published()
    assert assessment.scores.count() == 12
    assert {p.name for p in assessment.personas.all()} == {"Margaret", "Ahmed"}
    assert assessment.baseline is None


def test_archived_personas_are_left_out_of_a_new_assessment(service, personas, manager):
    persona_archive(persona=personas[1])
    assessment = operations.assessment_start(service=service, cycle="2027-28", user=manager)
    assert [p.name for p in assessment.personas.all()] == ["Margaret"]


def test_one_assessment_per_cycle(assessment, service, manager):
    with pytest.raises(ValidationError, match="already has an assessment for the cycle 2026-27"):
        operations.assessment_start(service=service, cycle=" 2026-27 ", user=manager)


def test_the_next_cycle_takes_the_completed_assessment_as_baseline(assessment, service, manager):
    complete(assessment, manager)
    following = operations.assessment_start(service=service, cycle="2027-28", user=manager)
    assert following.baseline == assessment


def test_score_levels_are_validated(assessment, member):
    score = assessment.scores.first()
    with pytest.raises(ValidationError) as caught:
        operations.score_save(score=score, user=member, version=0, current_level=4, target_level=2)
    assert caught.value.message_dict["target_level"] == [
        "The target level cannot be below the current level."
    ]
    with pytest.raises(ValidationError) as caught:
        operations.score_save(score=score, user=member, version=0, current_level=6, target_level=6)
    assert caught.value.message_dict["current_level"] == ["Choose a level from 1 to 5."]
    score.refresh_from_db()
    assert score.current_level is None and score.version == 0


def test_a_second_save_from_the_same_version_is_refused_with_the_first_values(
    assessment, member, manager, personas
):
    score = assessment.scores.get(attribute__key="efficiency")
    operations.score_save(
        score=score, user=member, version=0, current_level=2, target_level=4, rationale="Mine",
        ratings={personas[0].pk: (2, "Repeats her story")},
    )  # fmt: skip
    with pytest.raises(operations.ScoreConflict) as caught:
        operations.score_save(
            score=score,
            user=manager,
            version=0,
            current_level=3,
            target_level=5,
            rationale="Theirs",
        )
    assert caught.value.current.current_level == 2
    assert caught.value.current.rationale == "Mine"
    assert caught.value.current.updated_by == member
    score.refresh_from_db()
    assert (score.current_level, score.rationale, score.version) == (2, "Mine", 1)


def test_every_change_is_recorded_with_who_and_what(assessment, member, personas):
    score = assessment.scores.get(attribute__key="trust")
    operations.score_save(
        score=score, user=member, version=0, current_level=1, target_level=3, rationale="First"
    )
    operations.score_save(
        score=score, user=member, version=1, current_level=2, target_level=3, rationale="First",
        ratings={personas[1].pk: (1, "")},
    )  # fmt: skip
    changes = list(
        AuditEvent.objects.filter(
            object_type="assessments.attributescore", object_id=str(score.pk), action="change"
        ).order_by("pk")
    )
    assert [c.actor for c in changes] == [member, member]
    assert {c.scope for c in changes} == {str(assessment.uuid)}
    assert changes[0].changes["current_level"] == [None, 1]
    assert changes[1].changes["current_level"] == [1, 2]
    assert "target_level" not in changes[1].changes
    assert changes[1].changes[f"persona:{personas[1].pk}"] == [None, 1]


def test_ratings_only_for_the_assessments_personas(assessment, member, service):
    stranger = PersonaFactory(service=service, name="Added later")
    score = assessment.scores.first()
    with pytest.raises(ValidationError, match="not part of this assessment"):
        operations.score_save(score=score, user=member, version=0, ratings={stranger.pk: (3, "")})


def test_completing_is_refused_while_attributes_lack_levels(assessment, manager):
    score = assessment.scores.get(attribute__key="accessibility")
    operations.score_save(score=score, user=manager, version=0, current_level=2, target_level=3)
    operations.assessment_submit(assessment=assessment, user=manager)
    with pytest.raises(ValidationError) as caught:
        operations.assessment_complete(assessment=assessment, user=manager)
    assert len(caught.value.messages) == 11
    assert "Efficiency has no current or target level yet." in caught.value.messages
    assert "Accessibility has no current or target level yet." not in caught.value.messages
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_REVIEW


def test_send_back_needs_comments_and_returns_to_draft(assessment, manager):
    operations.assessment_submit(assessment=assessment, user=manager)
    with pytest.raises(ValidationError):
        operations.assessment_send_back(assessment=assessment, comments="  ", user=manager)
    operations.assessment_send_back(
        assessment=assessment, comments="Check the evidence for trust", user=manager
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.review_comments == "Check the evidence for trust"


def test_scores_cannot_change_in_review(assessment, member, manager):
    operations.assessment_submit(assessment=assessment, user=manager)
    score = assessment.scores.first()
    with pytest.raises(operations.AssessmentLocked, match="in review"):
        operations.score_save(score=score, user=member, version=0, current_level=1, target_level=2)


def test_a_completed_assessment_is_read_only(assessment, manager):
    complete(assessment, manager)
    score = assessment.scores.first()
    with pytest.raises(operations.AssessmentLocked, match="completed"):
        operations.score_save(
            score=score, user=manager, version=score.version, current_level=1, target_level=1
        )
    for attempt in (
        lambda: operations.assessment_submit(assessment=assessment, user=manager),
        lambda: operations.assessment_send_back(assessment=assessment, comments="x", user=manager),
        lambda: operations.assessment_complete(assessment=assessment, user=manager),
    ):
        with pytest.raises(operations.AssessmentLocked):
            attempt()
    score.refresh_from_db()
    assert score.current_level == 2


def test_a_stale_object_cannot_change_a_completed_assessment(assessment, manager):
    score_everything(assessment, manager)
    stale = Assessment.objects.get(pk=assessment.pk)
    operations.assessment_submit(assessment=assessment, user=manager)
    operations.assessment_complete(assessment=assessment, user=manager)
    score = stale.scores.first()
    score.assessment = stale  # still says "draft" in memory
    with pytest.raises(operations.AssessmentLocked):
        operations.score_save(
            score=score, user=manager, version=score.version, current_level=5, target_level=5
        )
