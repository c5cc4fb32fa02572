"""A manager opens a feedback campaign; people answer it in French on a phone, the second
without JavaScript; once enough have answered, the scoring page, the results page, the PDF
report and the heat map show the public's rating, and before that none of them does."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from assessments import operations as assessment_operations
from feedback.models import Rating
from organizations.models import Membership
from reports.models import ReportJob
from tests.assessments.conftest import score_everything
from tests.factories import MembershipFactory, OrganizationFactory, PersonaFactory, ServiceFactory
from tests.reports.test_reports import _pdf_text

from .conftest import CHROMIUM_ARGS, screenshot, wait_for_components  # noqa: F401

PHONE = {"width": 390, "height": 844}


def _french(text) -> str:
    with translation.override("fr"):
        return translation.gettext(str(text))


def _answer_in_french(browser, live_server, link, question, *, javascript: bool) -> None:
    """An anonymous person on a phone whose browser prefers French follows the printed link."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        locale="fr-CA",
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(link)
    assert "/fr/have-your-say/" in page.url
    assert page.locator("html").get_attribute("lang") == "fr"
    # The page fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    very_good = _french(Rating.VERY_GOOD.label)
    satisfied = page.get_by_role(
        "group", name=_french("Overall, how satisfied are you with the service you received?")
    )
    satisfied.get_by_label(very_good, exact=True).check()
    page.get_by_role("group", name=question.public_question_fr).get_by_label(
        very_good, exact=True
    ).check()
    page.get_by_label(
        re.compile(re.escape(_french("Anything else you would like to tell us?")))
    ).fill("Le formulaire était clair.")
    page.get_by_role("button", name=_french("Send my answers")).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=_french("Thank you")).is_visible()
    screenshot(page, f"feedback-answered-{'js' if javascript else 'no-js'}")
    context.close()


def _public_shown(page, assessment, current, attribute) -> dict[str, bool]:
    """Where the public's rating of ``attribute`` (5.0, from very good answers) is shown."""
    shown = {}
    page.goto(reverse("assessments:score", args=[current.uuid, attribute.key]))
    evidence = page.locator(".public-evidence").inner_text()
    shown["scoring page"] = "5.0 out of 5" in evidence
    page.goto(reverse("assessments:results", args=[assessment.uuid]))
    shown["results page"] = (
        page.get_by_role("columnheader", name="The public (out of 5)").count() > 0
    )
    page.goto(reverse("reports:heatmap") + "?switch=public")
    wait_for_components(page)
    row = page.get_by_role("row").filter(has_text=assessment.service.name_en).inner_text()
    shown["heat map"] = "5.0" in row
    page.goto(reverse("reports:assessment_reports", args=[assessment.uuid]))
    wait_for_components(page)
    page.get_by_role("button", name="Request the PDF report").click()
    page.wait_for_load_state()
    text = " ".join(_pdf_text(ReportJob.objects.order_by("-pk").first()).split())
    shown["PDF report"] = (
        "6. What the public told us" in text and "5.0" in text.split("What the public told us")[-1]
    )
    return shown


@pytest.mark.django_db(transaction=True)
def test_people_answer_in_french_and_their_rating_shows_once_enough_did(
    browser, page, sign_in, live_server, settings
):
    settings.FEEDBACK_MIN_RESPONSES = 2
    org = OrganizationFactory(name_en="Wildfire Relief Agency", name_fr="Agence de secours")
    service = ServiceFactory(owner=org, name_en="Disaster Financial Assistance")
    PersonaFactory(service=service, name="Margaret", segment="seniors")
    manager = MembershipFactory(organization=org, role=Membership.Role.MANAGER).user
    completed = assessment_operations.assessment_start(
        service=service, cycle="2025-26", user=manager
    )
    score_everything(completed, manager)
    assessment_operations.assessment_submit(assessment=completed, user=manager)
    assessment_operations.assessment_complete(assessment=completed, user=manager)
    current = assessment_operations.assessment_start(service=service, cycle="2026-27", user=manager)
    attribute = completed.catalogue_version.attributes.get(key="accessibility")

    # The manager opens a campaign from the service's page.
    sign_in(manager)
    page.goto(reverse("services:detail", args=[service.uuid]))
    wait_for_components(page)
    page.get_by_role(
        "link", name="Feedback from the public: campaigns and what people said"
    ).click()
    wait_for_components(page)
    page.get_by_role("link", name="Open a campaign").click()
    wait_for_components(page)
    page.get_by_label("Name").fill("Reception centres, winter")
    page.get_by_role("button", name="Open the campaign").click()
    wait_for_components(page)
    assert page.get_by_text("is open. Share its link or print its QR code.").is_visible()
    link = page.locator("a[href*='/have-your-say/']").first.get_attribute("href")
    assert re.fullmatch(r"http://[^/]+/have-your-say/[\w-]+/", link), link

    # One answer, with JavaScript: below the threshold, nothing of the public shows.
    _answer_in_french(browser, live_server, link, attribute, javascript=True)
    below = _public_shown(page, completed, current, attribute)
    assert below == dict.fromkeys(below, False), below
    # The second, without JavaScript: now every page shows the public's rating.
    _answer_in_french(browser, live_server, link, attribute, javascript=False)
    above = _public_shown(page, completed, current, attribute)
    assert above == dict.fromkeys(above, True), above
    page.goto(reverse("assessments:results", args=[completed.uuid]))
    screenshot(page, "results-with-the-public")
