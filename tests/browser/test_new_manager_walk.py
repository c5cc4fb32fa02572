"""What a new service manager stumbled on, checked where a browser sees it: choosing partners
among many organizations, stage names under the journey chart, the heat map at 1280 pixels
in both languages."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Membership
from personas.models import Persona
from services.models import Service
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonaFactory,
    ServiceFactory,
    StageFactory,
)

from .conftest import screenshot, wait_for_components


@pytest.mark.django_db(transaction=True)
def test_partners_are_found_by_typing_and_ticked_with_the_keyboard(page, sign_in):
    org = OrganizationFactory(name_en="Wildfire Relief Agency", name_fr="Agence de secours")
    city = OrganizationFactory(name_en="Partner City", name_fr="Ville partenaire")
    for n in range(40):  # as many organizations as an imported inventory brings
        OrganizationFactory(name_en=f"Department of Examples {n}", name_fr=f"Ministère {n}")
    OrganizationFactory(name_en="Société québécoise d'exemple", name_fr="Société québécoise")
    manager = MembershipFactory(organization=org, role=Membership.Role.MANAGER).user
    sign_in(manager)

    page.goto(reverse("services:create"))
    wait_for_components(page)
    partners = page.get_by_role("group", name="Partner organizations")
    # The service's own organization is never offered; everything else is.
    assert partners.get_by_role("checkbox").count() == 42
    assert partners.get_by_role("checkbox", name="Wildfire Relief Agency").count() == 0
    search = partners.get_by_label("Find by name")
    search.fill("quebecoise")  # accents and case do not matter
    assert partners.get_by_role("checkbox").count() == 1
    assert partners.get_by_text("1 of 42 shown, 0 chosen").is_visible()
    search.fill("partner")
    search.press("Enter")  # narrows the list; does not send the form
    assert page.url.endswith(reverse("services:create"))
    search.press("Tab")
    page.keyboard.press("Space")
    assert partners.get_by_role("checkbox", name="Partner City").is_checked()
    search.fill("nothing like this")
    assert partners.get_by_text("Nothing matches “nothing like this”.").is_visible()
    # A ticked choice stays listed whatever is typed.
    assert partners.get_by_role("checkbox", name="Partner City").is_visible()
    screenshot(page, "service-form-partners")
    search.fill("")

    page.get_by_label("Name (English)").fill("Evacuee Registration")
    page.get_by_label("Name (French)").fill("Inscription des personnes évacuées")
    page.get_by_role("button", name="Save the service").click()
    wait_for_components(page)
    service = Service.objects.get(name_en="Evacuee Registration")
    assert list(service.partners.all()) == [city]
    assert page.get_by_text("Partner City").first.is_visible()


@pytest.mark.django_db(transaction=True)
def test_stage_names_under_the_journey_chart_are_whole_and_in_their_direction(page, sign_in):
    org = OrganizationFactory(name_en="Wildfire Relief Agency", name_fr="Agence de secours")
    service = ServiceFactory(owner=org, name_en="Disaster Financial Assistance")
    persona = PersonaFactory(service=service, name="Margaret", segment="seniors")
    names = ["Awareness", "تقديم الطلب عبر الإنترنت", "Receive the first payment by direct deposit"]
    for order, (name, feeling) in enumerate(zip(names, [0, -2, 1], strict=True), start=1):
        StageFactory(persona=persona, name=name, order=order, sentiment=feeling)
    sign_in(MembershipFactory(organization=org, role=Membership.Role.MEMBER).user)

    page.goto(reverse("personas:detail", args=[persona.uuid]))
    wait_for_components(page)
    chart = page.locator(".sentiment-chart")
    labels = chart.locator(".sentiment-names bdi")
    assert labels.all_inner_texts() == names  # whole: nothing cut with "…"
    assert labels.nth(1).evaluate("e => getComputedStyle(e).direction") == "rtl"
    # Each name sits under its point, inside the drawing's width.
    dots = chart.locator("circle")
    box = chart.bounding_box()
    for i in range(3):
        dot, label = dots.nth(i).bounding_box(), labels.nth(i).bounding_box()
        assert abs((dot["x"] + dot["width"] / 2) - (label["x"] + label["width"] / 2)) < 12
        assert box["x"] <= label["x"] and label["x"] + label["width"] <= box["x"] + box["width"]
    screenshot(page, "journey-right-to-left")
    assert Persona.objects.get().stages.count() == 3


def _heatmap_data(manager):
    from assessments import operations

    for n, name in enumerate(["Disaster Financial Assistance", "Evacuee Registration"]):
        service = ServiceFactory(owner=manager.memberships.get().organization, name_en=name)
        assessment = operations.assessment_start(service=service, cycle="2026-27", user=manager)
        for i, score in enumerate(assessment.scores.all()):
            operations.score_save(
                score=score, user=manager, version=0, current_level=1 + (i + n) % 5,
                target_level=5, rationale="Seen at the counter",
            )  # fmt: skip
        operations.assessment_submit(assessment=assessment, user=manager)
        operations.assessment_complete(assessment=assessment, user=manager)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_heat_map_fits_1280_pixels_with_named_columns_and_whole_filters(
    page, sign_in, language
):
    org = OrganizationFactory(name_en="Wildfire Relief Agency", name_fr="Agence de secours")
    manager = MembershipFactory(organization=org, role=Membership.Role.MANAGER).user
    _heatmap_data(manager)
    sign_in(manager)

    page.goto(reverse("reports:heatmap").replace("/en/", f"/{language}/"))
    wait_for_components(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    region = page.locator(".table-scroll")
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth")  # no sideways scrolling
    headings = page.locator("th.attr-col").all_inner_texts()
    assert len(headings) == 12 and all(re.search(r"[A-Za-zÀ-ÿ]{4}", h) for h in headings)
    assert "1" not in headings and page.locator(".attribute-key").count() == 0
    # Every filter shows its whole chosen text (the design system's select is in a shadow root).
    cut = page.evaluate(
        """() => [...document.querySelectorAll('gcds-select')].map(host => {
              const select = host.shadowRoot ? host.shadowRoot.querySelector('select')
                                             : host.querySelector('select');
              const probe = document.createElement('span');
              probe.style.cssText = 'position:absolute; visibility:hidden; white-space:nowrap';
              probe.style.font = getComputedStyle(select).font;
              probe.textContent = select.options[select.selectedIndex].text;
              document.body.appendChild(probe);
              const room = select.clientWidth - parseFloat(getComputedStyle(select).paddingLeft)
                           - parseFloat(getComputedStyle(select).paddingRight);
              const fits = probe.getBoundingClientRect().width <= room + 1;
              probe.remove();
              return fits ? null : probe.textContent;
           }).filter(Boolean)"""
    )
    assert cut == [], f"cut in the filters: {cut}"
    # A diverging scale: the lowest and highest levels are far apart in hue, and the key says so.
    low = page.locator("td.level-1").first.evaluate("e => getComputedStyle(e).backgroundColor")
    high = page.locator("td.level-5").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert low == "rgb(178, 24, 43)" and high == "rgb(33, 102, 172)"
    assert page.locator(".heatmap-scale li").all_inner_texts() == ["1", "2", "3", "4", "5"]
    # The first column stays put when the table is scrolled sideways on a narrow window.
    page.set_viewport_size({"width": 800, "height": 900})
    first = page.locator("tbody th.service-col").first
    before = first.bounding_box()["x"]
    region.evaluate("e => { e.scrollLeft = 300; }")
    assert abs(first.bounding_box()["x"] - before) < 1
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, f"heatmap-1280-{language}")


@pytest.mark.django_db(transaction=True)
def test_a_new_manager_walks_the_three_steps_without_a_dead_end(page, sign_in):
    """The walk that found the points above, checked as the person meets them: a field too
    long is refused with its limit, an empty assessment is not sent to review without a
    warning listing what is missing, a score with only a rationale says what is still
    missing, the back button after completing answers calmly, dates read unambiguously."""
    from assessments import operations
    from assessments.models import Assessment

    org = OrganizationFactory(name_en="Wildfire Relief Agency", name_fr="Agence de secours")
    OrganizationFactory(name_en="Partner City", name_fr="Ville partenaire")
    manager = MembershipFactory(organization=org, role=Membership.Role.MANAGER).user
    sign_in(manager)

    # A new service, with a partner found by typing.
    page.goto(reverse("services:create"))
    wait_for_components(page)
    page.get_by_label("Name (English)").fill("Disaster Financial Assistance")
    page.get_by_label("Name (French)").fill("Aide financière en cas de catastrophe")
    page.get_by_label("Find by name").fill("city")
    page.get_by_role("checkbox", name="Partner City").check()
    page.get_by_role("button", name="Save the service").click()
    wait_for_components(page)
    service = Service.objects.get()
    assert [p.name_en for p in service.partners.all()] == ["Partner City"]

    # Step 1: a persona whose household is too long is refused with the limit, nothing saved.
    page.get_by_role("link", name="Step 1: understand the people").click()
    wait_for_components(page)
    page.get_by_role("link", name="Add a persona").click()
    wait_for_components(page)
    page.get_by_label("Persona name").fill("Margaret, evacuated senior")
    page.get_by_label("Client segment").select_option(label="Seniors")
    page.get_by_label("Household").fill("Lives alone on an acreage. " * 12)  # 324 characters
    page.get_by_role("button", name="Save the persona").click()
    wait_for_components(page)
    screenshot(page, "walk-household-refused")
    refused = page.get_by_text(
        "Ensure this value has at most 300 characters (it has 323).", exact=True
    )
    assert refused.is_visible() and not Persona.objects.exists()
    page.get_by_label("Household").fill("Lives alone; her daughter is two hours away")
    page.get_by_role("button", name="Save the persona").click()
    wait_for_components(page)
    assert page.get_by_role("heading", name="Margaret, evacuated senior").is_visible()

    # Step 2: sending an unscored assessment to review warns and lists what is missing.
    page.goto(reverse("services:detail", args=[service.uuid]))
    wait_for_components(page)
    page.get_by_role("link", name="Step 2: assess the service's maturity").click()
    wait_for_components(page)
    page.get_by_label("Cycle").fill("2026-27")
    page.get_by_role("button", name="Start the assessment").click()
    wait_for_components(page)
    page.get_by_role("button", name="Send to review").click()
    wait_for_components(page)
    assert page.get_by_role("heading", name="Send to review with attributes still unscored?")
    assert "Accessibility" in page.inner_text("main")
    assert Assessment.objects.get().status == "draft"
    page.go_back()
    wait_for_components(page)

    # A score with only a rationale is saved and says what is still missing.
    page.get_by_role("link", name="Accessibility", exact=True).click()
    wait_for_components(page)
    page.get_by_label("Rationale").fill("The counter has no ramp")
    page.get_by_role("button", name="Save and go to the next attribute").click()
    wait_for_components(page)
    assert page.get_by_text(
        "Accessibility is saved, but it is not scored yet: choose the current level and the "
        "target level."
    ).is_visible()

    # The rest is scored (as the full scoring walk does), then completed in the browser.
    assessment = Assessment.objects.get()
    for score in assessment.scores.all():
        operations.score_save(
            score=score, user=manager, version=score.version, current_level=2, target_level=4,
            rationale="Seen at the counter",
        )  # fmt: skip
    operations.assessment_submit(assessment=assessment, user=manager)
    # The confirmation also stays open in another tab, to be sent again once completed.
    old_tab = page.context.new_page()
    old_tab.goto(reverse("assessments:complete", args=[assessment.uuid]))
    wait_for_components(old_tab)
    page.goto(reverse("assessments:detail", args=[assessment.uuid]))
    wait_for_components(page)
    page.get_by_role("link", name="Complete the assessment").click()
    wait_for_components(page)
    page.get_by_role("button", name="Complete the assessment").click()
    wait_for_components(page)
    assessment.refresh_from_db()
    assert assessment.status == "completed"

    # The old tab's confirmation sent again, and the back button to it: both answer calmly
    # with the date and who completed it, on the results, never with an error.
    completed = timezone.localtime(assessment.completed_at)
    calm = (
        f"This assessment was completed on {completed:%B} {completed.day}, {completed.year} by "
        f"{manager.full_name or manager.email}, so it can no longer be changed."
    )
    old_tab.get_by_role("button", name="Complete the assessment").click()
    wait_for_components(old_tab)
    assert calm in old_tab.inner_text("main") and "/results/" in old_tab.url
    old_tab.close()
    page.go_back()
    wait_for_components(page)
    text = page.inner_text("main")
    assert "Something went wrong" not in text
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", text)  # never month/day/year

    # Step 3: an opportunity, and the history's dates in ISO form.
    page.goto(reverse("improvements:create", args=[assessment.uuid]))
    wait_for_components(page)
    page.get_by_label("Title").fill("A ramp at every counter")
    page.get_by_text("Technology", exact=True).click()
    page.get_by_role("group", name="Impact").get_by_text("4", exact=True).click()
    page.get_by_role("group", name="Effort").get_by_text("2", exact=True).click()
    page.get_by_label("Target date").fill("2027-05-01")
    page.get_by_role("button", name="Save the opportunity").click()
    wait_for_components(page)
    assert page.get_by_role("link", name="A ramp at every counter").is_visible()
    page.goto(reverse("assessments:history", args=[assessment.uuid]))
    wait_for_components(page)
    history = page.inner_text("main")
    assert re.search(r"\b20\d\d-\d\d-\d\d\b", history) or f"{completed:%B}" in history
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", history)
    screenshot(page, "walk-history")
