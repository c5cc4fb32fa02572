"""Hand-offs: each change of the organization responsible between two stages of a journey,
counted per persona, with where the person's feeling drops, and shown as evidence on the
scoring page of seamlessness across jurisdictions."""

import pytest
from django.urls import reverse

from personas.handoffs import handoffs_of
from tests.assessments.conftest import *  # noqa: F403 - partner organization, service, personas, assessment
from tests.factories import StageFactory


@pytest.fixture
def journey(personas, org, partner_org):
    """Margaret's journey: the province, the province (negative), the city (very negative),
    a stage naming no one, then the province again (positive)."""
    margaret = personas[0]
    return [
        StageFactory(persona=margaret, order=1, name="Learn", organization=org, sentiment=0),
        StageFactory(persona=margaret, order=2, name="Apply", organization=org, sentiment=-1),
        StageFactory(persona=margaret, order=3, name="Inspect", organization=partner_org, sentiment=-2),
        StageFactory(persona=margaret, order=4, name="Wait", organization=None, sentiment=-1),
        StageFactory(persona=margaret, order=5, name="Receive", organization=org, sentiment=1),
    ]  # fmt: skip


def test_a_hand_off_is_a_change_between_two_stages_that_name_an_organization(journey):
    found = handoffs_of(journey)
    assert [(h.before.name, h.after.name) for h in found] == [("Apply", "Inspect")]
    assert found.drops == 1 and found.unassigned == 1
    assert found.before(journey[2]).change == -1
    assert found.before(journey[4]) is None  # after a stage naming no one: not guessed
    # Back and forth counts each way.
    journey[3].organization = journey[2].organization
    assert [(h.before.name, h.after.name) for h in handoffs_of(journey)] == [
        ("Apply", "Inspect"),
        ("Wait", "Receive"),
    ]


def test_the_journey_map_marks_the_hand_off_and_the_drop(client_for, member, journey):
    body = client_for(member).get(reverse("personas:detail", args=[journey[0].persona.uuid]))
    body = body.content.decode()
    assert "1 hand-off between organizations; how the person feels drops at 1 of them." in body
    assert "1 stage names no organization responsible, so it is not counted." in body
    row = body.split(f'id="stage-{journey[2].uuid}"')[1].split("</tr>")[0]
    assert "Hand-off" in row and "from " in row and "feels worse" in row
    calm = body.split(f'id="stage-{journey[1].uuid}"')[1].split("</tr>")[0]
    assert "Hand-off" not in calm


def test_the_personas_page_counts_hand_offs_per_persona(
    client_for,
    member,
    journey,
    service,
    personas,
):
    body = client_for(member).get(reverse("personas:summary", args=[service.uuid])).content.decode()
    margaret, ahmed = (
        body.split(f'id="persona-{p.uuid}"')[1].split("</section>")[0] for p in personas
    )
    assert "1 hand-off between organizations" in margaret
    assert "No hand-off" not in ahmed  # no journey yet: nothing to count
    assert "No journey stages yet." in ahmed


def test_the_seamlessness_scoring_page_shows_the_hand_offs(client_for, member, journey, assessment):
    c = client_for(member)
    page = c.get(reverse("assessments:score", args=[assessment.uuid, "seamlessness"]))
    body = page.content.decode()
    section = body.split("Hand-offs in the personas")[1].split("</section>")[0]
    assert "Apply (" in section and "Inspect (" in section
    assert "feels worse (negative to very negative)" in section
    other = c.get(reverse("assessments:score", args=[assessment.uuid, "accessibility"]))
    assert "Hand-offs in the personas" not in other.content.decode()


def test_the_sentiment_chart_marks_the_hand_off_and_names_it(journey):
    from personas.charts import sentiment_chart

    chart = str(sentiment_chart(journey, chart_id="c", handoffs=handoffs_of(journey)))
    assert chart.count('stroke-dasharray="6 4"') == 1
    assert "Hand-off between Apply and Inspect, where it feels worse" in chart
    assert "Hand-off" not in str(sentiment_chart(journey, chart_id="c"))
