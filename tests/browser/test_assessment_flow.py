"""A service manager scores all 12 attributes, reviews, completes, and starts the next cycle."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from organizations.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, PersonaFactory, ServiceFactory

from .conftest import screenshot, wait_for_components


@pytest.mark.django_db(transaction=True)
def test_manager_scores_every_attribute_completes_and_starts_the_next_cycle(page, sign_in):
    org = OrganizationFactory(name_en="Wildfire Relief Agency", name_fr="Agence de secours")
    service = ServiceFactory(owner=org, name_en="Disaster Financial Assistance")
    PersonaFactory(service=service, name="Margaret", segment="seniors")
    PersonaFactory(service=service, name="Ahmed", segment="newcomers")
    manager = MembershipFactory(organization=org, role=Membership.Role.MANAGER).user
    sign_in(manager)

    page.goto(reverse("services:detail", args=[service.uuid]))
    wait_for_components(page)
    page.get_by_role("link", name="Step 2: assess the service's maturity").click()
    wait_for_components(page)
    page.get_by_label("Cycle").fill("2026-27")
    page.get_by_role("button", name="Start the assessment").click()
    wait_for_components(page)
    assert page.get_by_text("0 of 12 attributes scored").is_visible()

    page.get_by_role("link", name="Accessibility", exact=True).click()
    for number in range(1, 13):
        wait_for_components(page)
        assert page.get_by_text(f"Attribute {number} of 12").is_visible()
        page.get_by_role("group", name="Current level").get_by_text("2. Emerging").click()
        page.get_by_role("group", name="Target level").get_by_text("4. Integrated").click()
        page.get_by_label("Rationale").fill(f"What people told us about attribute {number}")
        page.get_by_role("group", name="Confidence").get_by_text("Medium").click()
        page.get_by_label("How well is Margaret served?").select_option(label="Poorly served")
        page.get_by_label("How well is Ahmed served?").select_option(label="Adequately served")
        if number == 1:
            screenshot(page, "scoring-page")
        page.get_by_role("button", name="Save and go to the next attribute").click()
    wait_for_components(page)
    assert page.get_by_text("12 of 12 attributes scored").is_visible()

    page.get_by_role("button", name="Send to review").click()
    wait_for_components(page)
    page.get_by_role("link", name="Complete the assessment").click()
    wait_for_components(page)
    page.get_by_role("button", name="Complete the assessment").click()
    wait_for_components(page)
    first = Assessment.objects.get(cycle="2026-27")
    assert first.status == "completed"
    assert all(s.current_level == 2 and s.target_level == 4 for s in first.scores.all())
    assert first.scores.get(attribute__key="feedback").persona_ratings.count() == 2

    page.get_by_role("link", name="See the results").click()
    wait_for_components(page)
    screenshot(page, "results-page")
    page.go_back()
    wait_for_components(page)

    page.get_by_role("link", name="Start the next cycle").click()
    wait_for_components(page)
    page.get_by_label("Cycle").fill("2027-28")
    page.get_by_role("button", name="Start the assessment").click()
    wait_for_components(page)
    assert page.get_by_text("Baseline: 2026-27").is_visible()
    assert Assessment.objects.get(cycle="2027-28").baseline == first
