"""A team member builds two personas with full journeys in the browser, by labels and roles."""

import pytest
from django.urls import reverse

from organizations.models import Membership
from personas.models import Persona
from tests.factories import MembershipFactory, OrganizationFactory, ServiceFactory

from .conftest import screenshot, wait_for_components

JOURNEYS = {
    "Margaret, evacuated senior": [
        (
            "Awareness",
            "Hears about financial help from a neighbour",
            "Telephone",
            "Wildfire Relief Agency",
            "Neutral",
        ),
        (
            "Apply",
            "Fills in a long online form at the library",
            "Online",
            "Wildfire Relief Agency",
            "Very negative",
        ),
        ("Receive", "Gets a payment after six weeks", "Postal mail", "Partner City", "Positive"),
    ],
    "Ahmed, newcomer parent": [
        (
            "Register",
            "Registers his family at the reception centre",
            "In person",
            "Partner City",
            "Negative",
        ),
        (
            "Wait",
            "Waits for news without knowing who to call",
            "Telephone",
            "Wildfire Relief Agency",
            "Very negative",
        ),
    ],
}


def _choose(page, label):
    """GCDS radios and checkboxes: choose an option by its label."""
    page.get_by_text(label, exact=True).click()


@pytest.mark.django_db(transaction=True)
def test_team_member_creates_two_personas_with_full_journeys(page, sign_in):
    org = OrganizationFactory(name_en="Wildfire Relief Agency", name_fr="Agence de secours")
    partner = OrganizationFactory(name_en="Partner City", name_fr="Ville partenaire")
    service = ServiceFactory(owner=org, name_en="Disaster Financial Assistance", partners=[partner])
    member = MembershipFactory(organization=org, role=Membership.Role.MEMBER).user
    sign_in(member)

    page.goto(reverse("services:detail", args=[service.uuid]))
    wait_for_components(page)
    page.get_by_role("link", name="Step 1: understand the people").click()
    wait_for_components(page)
    assert page.get_by_text("Step 1 of 3").first.is_visible()

    for name, stages in JOURNEYS.items():
        page.get_by_role("link", name="Add a persona").click()
        wait_for_components(page)
        page.get_by_label("Persona name").fill(name)
        page.get_by_label("Client segment").select_option(
            label="Seniors" if "senior" in name else "Newcomers to Canada"
        )
        page.get_by_label("Age band").select_option(
            label="75 and over" if "senior" in name else "35 to 44"
        )
        page.get_by_label("Goals").fill("Get back home safely and pay for repairs")
        page.get_by_label("Pain points and barriers").fill("Forms only online; nobody calls back")
        _choose(page, "Telephone")
        _choose(page, "In person")
        _choose(page, "Validated: checked with research or data")
        page.get_by_label("Evidence sources").fill("12 interviews at reception centres")
        page.get_by_role("button", name="Save the persona").click()
        wait_for_components(page)
        assert page.get_by_role("heading", name=name).is_visible()

        for stage, actions, channel, organization, feeling in stages:
            page.get_by_role("link", name="Add a stage").click()
            wait_for_components(page)
            page.get_by_label("Stage name").fill(stage)
            page.get_by_label("What the person does").fill(actions)
            page.get_by_label("Channel").select_option(label=channel)
            page.get_by_label("Organization responsible").select_option(label=organization)
            _choose(page, feeling)
            page.get_by_label("Pain points").fill(f"Hard part of {stage.lower()}")
            page.get_by_role("button", name="Save the stage").click()
            wait_for_components(page)
            assert page.get_by_role("row", name=stage).first.is_visible()
        screenshot(page, f"journey-{name.split(',')[0].lower()}")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, f"journey-{name.split(',')[0].lower()}-phone")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.get_by_role("link", name="All personas of Disaster Financial Assistance").click()
        wait_for_components(page)

    assert page.get_by_role("heading", name="2 personas").is_visible()
    for name in JOURNEYS:
        assert page.get_by_role("link", name=name).is_visible()
    assert "Awareness (neutral) → Apply (very negative) → Receive (positive)" in page.inner_text(
        "main"
    )
    screenshot(page, "persona-summary")

    margaret = Persona.objects.get(name="Margaret, evacuated senior")
    assert margaret.evidence_base == "validated" and sorted(margaret.preferred_channel_codes) == [
        "PERSON",
        "TEL",
    ]
    assert list(margaret.stages.values_list("name", "sentiment", "organization__name_en")) == [
        ("Awareness", 0, "Wildfire Relief Agency"),
        ("Apply", -2, "Wildfire Relief Agency"),
        ("Receive", 1, "Partner City"),
    ]
