"""The team adds three opportunities to a completed assessment, finishes one, and finds them
on the roadmap and the priority matrix."""

import pytest
from django.urls import reverse

from assessments import operations
from improvements.models import ImprovementOpportunity
from organizations.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, PersonaFactory, ServiceFactory

from .conftest import screenshot, wait_for_components

OPPORTUNITIES = [
    ("Train reception staff on accessibility", ["Skills"], "3", "2", "2026-05-15"),
    (
        "One application shared by three governments",
        ["Policy", "Technology"],
        "5",
        "4",
        "2026-11-01",
    ),
    ("Text message status updates", ["Technology"], "4", "2", "2027-02-01"),
]


@pytest.mark.django_db(transaction=True)
def test_team_adds_three_opportunities_finishes_one_and_finds_them_on_roadmap_and_matrix(
    page, sign_in
):
    org = OrganizationFactory(name_en="Wildfire Relief Agency", name_fr="Agence de secours")
    service = ServiceFactory(owner=org, name_en="Disaster Financial Assistance")
    PersonaFactory(service=service, name="Margaret", segment="seniors")
    manager = MembershipFactory(organization=org, role=Membership.Role.MANAGER).user
    member = MembershipFactory(organization=org, role=Membership.Role.MEMBER).user
    assessment = operations.assessment_start(service=service, cycle="2026-27", user=manager)
    for score in assessment.scores.all():
        operations.score_save(score=score, user=manager, version=0, current_level=2, target_level=4)
    operations.assessment_submit(assessment=assessment, user=manager)
    operations.assessment_complete(assessment=assessment, user=manager)
    sign_in(member)

    page.goto(reverse("assessments:detail", args=[assessment.uuid]))
    wait_for_components(page)
    page.get_by_role("link", name="Step 3: 0 improvement opportunities").click()
    for title, levers, impact, effort, target_date in OPPORTUNITIES:
        wait_for_components(page)
        page.get_by_role("link", name="Add an opportunity").click()
        wait_for_components(page)
        page.get_by_label("Title").fill(title)
        for lever in levers:
            page.get_by_text(lever, exact=True).click()
        page.get_by_role("group", name="Impact").get_by_text(impact, exact=True).click()
        page.get_by_role("group", name="Effort").get_by_text(effort, exact=True).click()
        page.get_by_label("Target date").fill(target_date)
        page.get_by_role("button", name="Save the opportunity").click()
        wait_for_components(page)
        assert page.get_by_role("link", name=title).is_visible()

    page.get_by_role("link", name="Text message status updates").click()
    wait_for_components(page)
    page.get_by_label("Status").select_option(label="Done")
    page.get_by_role("button", name="Save the opportunity").click()
    wait_for_components(page)
    screenshot(page, "opportunity-list")

    page.get_by_role("link", name="Roadmap").click()
    wait_for_components(page)
    for quarter, title in (
        ("2026-27 Q1", OPPORTUNITIES[0][0]),
        ("2026-27 Q3", OPPORTUNITIES[1][0]),
        ("2026-27 Q4", OPPORTUNITIES[2][0]),
    ):
        section = page.get_by_role("region", name=quarter)
        assert title in section.inner_text()
    assert "Done" in page.get_by_role("region", name="2026-27 Q4").inner_text()
    screenshot(page, "opportunity-roadmap")

    page.get_by_role("link", name="Priority matrix").click()
    wait_for_components(page)
    table = page.get_by_role("table", name="Opportunities by number")
    for title, *_rest in OPPORTUNITIES:
        assert table.get_by_role("rowheader", name=title).is_visible()
    assert page.get_by_role("img", name="Priority matrix: impact against effort").is_visible()
    screenshot(page, "opportunity-matrix")

    stored = {
        o.title: (o.lever_codes, o.impact, o.effort, o.status)
        for o in ImprovementOpportunity.objects.all()
    }
    assert stored == {
        OPPORTUNITIES[0][0]: (["skills"], 3, 2, "proposed"),
        OPPORTUNITIES[1][0]: (["policy", "technology"], 5, 4, "proposed"),
        OPPORTUNITIES[2][0]: (["technology"], 4, 2, "done"),
    }
