"""Persona pages: the permission matrix, validation messages, journeys, archive and copy."""

import re

import pytest
from django.urls import reverse

from personas.models import JourneyStage, Persona
from tests.factories import ServiceFactory, StageFactory

READERS = ["manager", "member", "executive", "partner_member", "partner_executive", "staff"]
WRITERS = ["manager", "member", "partner_member", "staff"]
NOT_WRITERS = ["executive", "partner_executive"]


def _write_urls(persona, stage):
    service = persona.service
    return [
        reverse("personas:create", args=[service.uuid]),
        reverse("personas:edit", args=[persona.uuid]),
        reverse("personas:archive", args=[persona.uuid]),
        reverse("personas:restore", args=[persona.uuid]),
        reverse("personas:delete", args=[persona.uuid]),
        reverse("personas:stage_create", args=[persona.uuid]),
        reverse("personas:stage_edit", args=[stage.uuid]),
        reverse("personas:stage_delete", args=[stage.uuid]),
        reverse("personas:stage_move", args=[stage.uuid]),
    ]


def _read_urls(persona):
    return [
        reverse("personas:summary", args=[persona.service.uuid]),
        reverse("personas:detail", args=[persona.uuid]),
    ]


@pytest.mark.parametrize("who", READERS)
def test_people_of_the_owner_and_partners_read_personas(request, client_for, persona, who):
    c = client_for(request.getfixturevalue(who))
    for url in _read_urls(persona):
        response = c.get(url)
        assert response.status_code == 200, url
        assert "Margaret" in response.content.decode()


@pytest.mark.parametrize("who", NOT_WRITERS)
def test_executives_read_but_cannot_change_anything(request, client_for, persona, who):
    c = client_for(request.getfixturevalue(who))
    stage = persona.stages.first()
    assert (
        "Edit the persona"
        not in c.get(reverse("personas:detail", args=[persona.uuid])).content.decode()
    )
    for url in _write_urls(persona, stage):
        assert (
            c.post(url, {"name": "Hacked", "segment": "seniors", "direction": "down"}).status_code
            == 404
        ), url
    persona.refresh_from_db()
    assert persona.name == "Margaret" and not persona.is_archived
    assert persona.stages.count() == 3


def test_another_organization_gets_404_everywhere(client_for, outsider, persona):
    c = client_for(outsider)
    stage = persona.stages.first()
    for url in (
        _read_urls(persona)
        + _write_urls(persona, stage)
        + [reverse("personas:duplicate", args=[persona.uuid])]
    ):
        assert c.get(url).status_code in {404, 405}, url  # 405: a POST-only action
        assert c.post(url, {"name": "x", "segment": "seniors"}).status_code == 404, url
    assert Persona.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, persona):
    for url in _read_urls(persona) + _write_urls(persona, persona.stages.first()):
        assert client.get(url)["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("who", WRITERS)
def test_team_members_and_managers_of_owner_and_partners_edit(request, client_for, persona, who):
    c = client_for(request.getfixturevalue(who))
    response = c.post(
        reverse("personas:edit", args=[persona.uuid]),
        {"name": f"Margaret ({who})", "segment": "seniors", "evidence_base": "assumption"},
    )
    assert response.status_code == 302
    persona.refresh_from_db()
    assert persona.name == f"Margaret ({who})"


def test_persona_form_says_what_to_fix(client_for, member, service):
    response = client_for(member).post(
        reverse("personas:create", args=[service.uuid]),
        {"name": "", "segment": "", "evidence_base": "validated", "evidence_sources": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('error-message="This field is required."') == 2
    assert "Say which research or data validates this persona, or mark it as an assumption." in body
    assert "<gcds-error-summary" in body
    assert not Persona.objects.exists()


def test_stage_form_says_what_to_fix(client_for, member, persona):
    response = client_for(member).post(
        reverse("personas:stage_create", args=[persona.uuid]), {"name": "", "sentiment": "7"}
    )
    body = response.content.decode()
    assert 'error-message="This field is required."' in body
    assert "Select a valid choice. 7 is not one of the available choices." in body
    assert persona.stages.count() == 3


def test_a_stage_names_an_organization_of_the_service_only(
    client_for, member, persona, other_org, partner_org
):
    c = client_for(member)
    url = reverse("personas:stage_create", args=[persona.uuid])
    c.post(url, {"name": "Foreign", "sentiment": "0", "organization": other_org.slug})
    assert not persona.stages.filter(name="Foreign").exists()
    c.post(
        url,
        {
            "name": "Partner step",
            "sentiment": "1",
            "organization": partner_org.slug,
            "channel": "TEL",
        },
    )
    stage = persona.stages.get(name="Partner step")
    assert stage.organization == partner_org and stage.channel == "TEL" and stage.order == 4


def test_reordering_stages_through_the_page(client_for, member, persona):
    receive = persona.stages.get(name="Receive")
    client_for(member).post(
        reverse("personas:stage_move", args=[receive.uuid]), {"direction": "up"}
    )
    assert list(persona.stages.order_by("order").values_list("name", flat=True)) == [
        "Awareness",
        "Receive",
        "Apply",
    ]


def test_journey_map_shows_table_and_sentiment_line(client_for, executive, persona):
    body = (
        client_for(executive).get(reverse("personas:detail", args=[persona.uuid])).content.decode()
    )
    assert '<div class="sentiment-chart"><svg' in body
    assert "Awareness: Neutral; Apply: Very negative; Receive: Positive" in body
    assert body.index("1. Awareness") < body.index("2. Apply") < body.index("3. Receive")


def test_stage_names_under_the_sentiment_line_are_text_shaped_as_the_table_is(
    client_for, executive, persona
):
    """Names are HTML under the drawing, never SVG text (which WeasyPrint draws a character at
    a time, reversing right-to-left names): whole, in their own direction, in point order."""
    persona.stages.filter(name="Apply").update(name="تقديم الطلب عبر الإنترنت")
    persona.stages.filter(name="Receive").update(name="Receive the first payment by direct deposit")
    body = (
        client_for(executive).get(reverse("personas:detail", args=[persona.uuid])).content.decode()
    )
    chart = body[body.index('<div class="sentiment-chart">') :]
    chart = chart[: chart.index("</ol></div>")]
    drawing, names = chart.split("</svg>")
    drawn = re.findall(r"<text[^>]*>([^<]*)</text>", drawing)
    assert drawn == ["Very positive", "Positive", "Neutral", "Negative", "Very negative"]
    assert [n.split("</bdi>")[0] for n in names.split('<bdi dir="auto">')[1:]] == [
        "Awareness",
        "تقديم الطلب عبر الإنترنت",
        "Receive the first payment by direct deposit",
    ]


def test_archiving_asks_first_and_keeps_the_persona(client_for, member, persona):
    c = client_for(member)
    url = reverse("personas:archive", args=[persona.uuid])
    assert "Archive the persona" in c.get(url).content.decode()
    c.post(url)
    persona.refresh_from_db()
    assert persona.is_archived
    summary = c.get(reverse("personas:summary", args=[persona.service.uuid])).content.decode()
    assert "Archived personas" in summary
    # Archived: edits are refused with a message, and nothing changes.
    response = c.post(
        reverse("personas:edit", args=[persona.uuid]),
        {"name": "X", "segment": "seniors"},
        follow=True,
    )
    assert "Restore the persona before changing it." in response.content.decode()
    persona.refresh_from_db()
    assert persona.name == "Margaret"


def test_deleting_asks_for_confirmation(client_for, member, persona):
    c = client_for(member)
    url = reverse("personas:delete", args=[persona.uuid])
    assert "Delete the persona" in c.get(url).content.decode()
    assert Persona.objects.filter(pk=persona.pk).exists()
    assert c.post(url).status_code == 302
    assert not Persona.objects.filter(pk=persona.pk).exists()


def test_copying_a_persona_offers_only_services_of_the_same_organization(
    client_for, member, persona, org, other_org
):
    same = ServiceFactory(owner=org, name_en="Evacuee Registration")
    ServiceFactory(owner=other_org, name_en="Foreign Service")
    c = client_for(member)
    url = reverse("personas:duplicate", args=[persona.uuid])
    page = c.get(url).content.decode()
    assert "Evacuee Registration" in page and "Foreign Service" not in page
    response = c.post(url, {"service": same.uuid})
    copy = Persona.objects.get(service=same)
    assert response["Location"] == reverse("personas:detail", args=[copy.uuid])
    assert copy.stages.count() == 3


def test_the_copy_page_reads_a_fixed_number_of_queries_and_refuses_read_only_people(
    client_for, member, executive, persona, org, django_assert_num_queries
):
    c = client_for(member)
    url = reverse("personas:duplicate", args=[persona.uuid])
    c.get(url)
    # the session with the person and their memberships, persona with service and access,
    # "any service to copy to?", the services
    with django_assert_num_queries(4):
        c.get(url)
    for i in range(6):
        ServiceFactory(owner=org, name_en=f"More {i}")
    with django_assert_num_queries(4):
        page = c.get(url).content.decode()
    assert "More 5" in page
    assert client_for(executive).get(url).status_code == 404


def test_summary_and_detail_pages_have_a_fixed_number_of_queries(
    client_for, member, persona, service, django_assert_num_queries
):
    c = client_for(member)
    summary = reverse("personas:summary", args=[service.uuid])
    detail = reverse("personas:detail", args=[persona.uuid])
    c.get(summary)
    c.get(detail)  # the code lists' labels are then kept while unchanged
    # the session with the person, service, access, personas, their stages with
    # organizations, their preferred channels (with their labels)
    with django_assert_num_queries(5):
        c.get(summary)
    # the session with the person, persona with service, access, stages with organizations,
    # the persona's preferred channels (the channel labels: a fragment)
    with django_assert_num_queries(4):
        c.get(detail)
    for i in range(5):
        more = type(persona).objects.create(service=service, name=f"P{i}", segment="parents")
        for j in range(4):
            StageFactory(persona=more, order=j)
        StageFactory(persona=persona, order=10 + i)
    with django_assert_num_queries(5):
        c.get(summary)
    with django_assert_num_queries(4):
        c.get(detail)
    assert JourneyStage.objects.count() == 3 + 20 + 5


def test_deleting_a_persona_used_by_an_assessment_offers_to_archive(client_for, manager, persona):
    from assessments.operations import assessment_start

    assessment_start(service=persona.service, cycle="2026-27", user=manager)
    response = client_for(manager).post(reverse("personas:delete", args=[persona.uuid]))
    assert response.status_code == 409
    body = response.content.decode()
    assert "is used by an assessment and cannot be deleted" in body
    assert "Archive it instead" in body
    assert Persona.objects.filter(pk=persona.pk).exists()


def test_a_household_over_its_limit_is_refused_with_the_limit_never_cut(
    client_for, member, service
):
    url = reverse("personas:create", args=[service.uuid])
    form = client_for(member).get(url).content.decode()
    assert "maxlength" not in form  # the browser would cut pasted text without a word
    response = client_for(member).post(
        url,
        {"name": "Margaret", "segment": "seniors", "evidence_base": "assumption",
         "household": "x" * 301},
    )  # fmt: skip
    body = response.content.decode()
    assert "Ensure this value has at most 300 characters (it has 301)." in body
    assert not Persona.objects.exists()
