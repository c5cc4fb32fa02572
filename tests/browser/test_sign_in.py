"""A person signs in, switches language and back, and sees only their organizations."""

import pytest
from django.core.management import call_command

from organizations.models import Organization

from .conftest import screenshot, wait_for_components


@pytest.mark.django_db(transaction=True)
def test_demo_user_signs_in_switches_language_and_sees_only_their_organizations(page):
    call_command("load_demo_data", verbosity=0)
    page.goto("/")
    wait_for_components(page)
    # Anonymous: the login page only.
    assert page.get_by_role("heading", name="Sign in").is_visible()

    page.get_by_label("Email address").fill("executive@example.ca")
    page.get_by_label("Password").fill("demo-password-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/en/")
    wait_for_components(page)

    federal = Organization.objects.get(slug="demo-federal")
    provincial = Organization.objects.get(slug="demo-provincial")
    table = page.get_by_role("table", name="Organizations you belong to and your role in each")
    assert table.get_by_role("link", name=federal.name_en).is_visible()
    assert provincial.name_en not in table.inner_text()
    # The provincial ministry appears only as the owner of a service the federal department shares.
    assert page.get_by_role("link", name="Disaster Financial Assistance").is_visible()
    screenshot(page, "home-en")

    page.get_by_role("link", name="Français").click()
    page.wait_for_url("**/fr/")
    wait_for_components(page)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.get_by_role("heading", name="Vos organisations").is_visible()
    table = page.get_by_role(
        "table", name="Organisations dont vous faites partie et votre rôle dans chacune"
    )
    assert table.get_by_role("link", name=federal.name_fr).is_visible()
    assert provincial.name_fr not in table.inner_text()
    screenshot(page, "home-fr")

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    wait_for_components(page)
    assert page.get_by_role("heading", name="Your organizations").is_visible()


@pytest.mark.django_db(transaction=True)
def test_wrong_password_keeps_the_person_on_the_login_page_with_an_error(page):
    call_command("load_demo_data", verbosity=0)
    page.goto("/en/accounts/login/")
    wait_for_components(page)
    page.get_by_label("Email address").fill("executive@example.ca")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    wait_for_components(page)
    assert "Please enter a correct email address and password" in page.inner_text("main")
    assert "/accounts/login/" in page.url


@pytest.mark.django_db(transaction=True)
def test_keyboard_user_can_skip_to_the_main_content(page):
    page.goto("/en/accounts/login/")
    wait_for_components(page)
    page.keyboard.press("Tab")
    # The first Tab reaches the skip link (text inside the component's slot).
    focused_host_text = page.evaluate(
        """() => {
            let e = document.activeElement;
            while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
            const root = e.getRootNode();
            return (root.host ? root.host.textContent : e.textContent).trim();
        }"""
    )
    assert focused_host_text in {"Skip to main content", "Passer au contenu principal"}
    page.keyboard.press("Enter")
    page.wait_for_url("**#main-content")
