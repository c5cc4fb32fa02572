"""Views of organizations and people, as insider, outsider and anonymous visitor."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from organizations.models import Invitation, Membership, Organization
from tests.factories import PASSWORD, MembershipFactory


def test_anonymous_visitor_sees_only_the_login_page(client, org):
    for url in [
        reverse("home"),
        reverse("organizations:detail", args=[org.slug]),
        reverse("organizations:staff_list"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    login = client.get(reverse("login"))
    assert login.status_code == 200
    assert b"Sign in" in login.content


def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302


def test_sign_in_with_email_and_password(client, member):
    response = client.post(
        reverse("login"), {"username": member.email.upper(), "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.context["user"] == member


def test_wrong_password_shows_an_error_in_the_form(client, member):
    response = client.post(reverse("login"), {"username": member.email, "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct email address and password" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_home_lists_only_the_users_organizations(client_for, member, org, other_org):
    response = client_for(member).get(reverse("home"))
    body = response.content.decode()
    assert org.name_en in body
    assert other_org.name_en not in body


def test_home_in_french_shows_french_names(client_for, member, org):
    response = client_for(member).get("/fr/")
    body = response.content.decode()
    assert '<html lang="fr">' in body
    assert org.name_fr in body
    assert "Vos organisations" in body


def test_language_toggle_points_to_the_same_page_in_the_other_language(client_for, member, org):
    url = reverse("organizations:detail", args=[org.slug])
    body = client_for(member).get(url).content.decode()
    assert f'lang-href="/fr/organizations/{org.slug}/"' in body


@pytest.mark.parametrize("who", ["manager", "member", "executive"])
def test_insiders_see_their_organization(request, client_for, org, who):
    user = request.getfixturevalue(who)
    response = client_for(user).get(reverse("organizations:detail", args=[org.slug]))
    assert response.status_code == 200
    assert user.email in response.content.decode()


def test_outsider_gets_404_on_another_organization(client_for, outsider, org):
    assert (
        client_for(outsider).get(reverse("organizations:detail", args=[org.slug])).status_code
        == 404
    )


def test_only_managers_see_invite_and_role_actions(client_for, org, manager, member):
    url = reverse("organizations:detail", args=[org.slug])
    assert "Invite someone" in client_for(manager).get(url).content.decode()
    assert "Invite someone" not in client_for(member).get(url).content.decode()


@pytest.mark.parametrize("who", ["member", "executive", "outsider"])
def test_non_managers_cannot_invite_change_or_remove(request, client_for, org, manager, who):
    user = request.getfixturevalue(who)
    target = Membership.objects.get(user=manager, organization=org)
    c = client_for(user)
    assert c.get(reverse("organizations:invite", args=[org.slug])).status_code == 404
    assert (
        c.post(
            reverse("organizations:invite", args=[org.slug]),
            {"email": "x@example.ca", "role": "manager"},
        ).status_code
        == 404
    )
    role_url = reverse("organizations:membership_role", args=[org.slug, target.uuid])
    assert c.post(role_url, {"role": "member"}).status_code == 404
    remove_url = reverse("organizations:membership_remove", args=[org.slug, target.uuid])
    assert c.post(remove_url).status_code == 404
    assert Membership.objects.filter(pk=target.pk, role="manager").exists()
    assert not Invitation.objects.exists()


def test_manager_invites_and_the_invitee_joins_through_the_link(
    client_for, client, org, manager, django_capture_on_commit_callbacks
):
    c = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("organizations:invite", args=[org.slug]),
            {"email": "newbie@example.ca", "role": "member"},
        )
    assert response.status_code == 302
    link = re.search(r"http://testserver(/en/invitations/[^/\s]+/)", mail.outbox[-1].body).group(1)
    client.logout()
    page = client.get(link)
    assert "newbie@example.ca" in page.content.decode()
    response = client.post(
        link,
        {
            "full_name": "New Bie",
            "password1": "correct-horse-battery",
            "password2": "correct-horse-battery",
        },
        follow=True,
    )
    assert response.context["user"].email == "newbie@example.ca"
    assert org.name_en in response.content.decode()
    # Used once: the link no longer works.
    assert client.get(link).status_code == 404


def test_invitation_form_shows_field_errors(client_for, org, manager):
    response = client_for(manager).post(
        reverse("organizations:invite", args=[org.slug]), {"email": "not-an-email", "role": ""}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'error-message="Enter a valid email address."' in body
    assert 'error-message="This field is required."' in body
    assert "<gcds-error-summary" in body


def test_accept_form_rejects_mismatched_passwords(client, org, manager):
    from organizations import operations

    operations.member_invite(
        organization=org,
        email="p@example.ca",
        role="member",
        invited_by=manager,
        link_base="http://testserver/",
    )
    inv = Invitation.objects.get(email="p@example.ca")
    inv.token_hash = operations.hash_token("tok")
    inv.save()
    response = client.post(
        reverse("organizations:invitation_accept", args=["tok"]),
        {
            "full_name": "P",
            "password1": "correct-horse-battery",
            "password2": "different-horse-battery",
        },
    )
    assert "The two passwords are not the same." in response.content.decode()
    assert not Membership.objects.filter(user__email="p@example.ca").exists()


def test_manager_changes_a_role(client_for, org, manager, member):
    target = Membership.objects.get(user=member, organization=org)
    response = client_for(manager).post(
        reverse("organizations:membership_role", args=[org.slug, target.uuid]),
        {"role": "executive"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == "executive"


def test_removal_asks_for_confirmation_first(client_for, org, manager, member):
    target = Membership.objects.get(user=member, organization=org)
    url = reverse("organizations:membership_remove", args=[org.slug, target.uuid])
    c = client_for(manager)
    page = c.get(url)
    assert page.status_code == 200
    assert "Remove from the organization" in page.content.decode()
    assert Membership.objects.filter(pk=target.pk).exists()
    assert c.post(url).status_code == 302
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_removing_the_last_manager_is_refused_with_a_message(client_for, org, manager):
    target = Membership.objects.get(user=manager, organization=org)
    response = client_for(manager).post(
        reverse("organizations:membership_remove", args=[org.slug, target.uuid])
    )
    assert response.status_code == 400
    assert "last service manager" in response.content.decode()
    assert Membership.objects.filter(pk=target.pk).exists()


def test_manager_cannot_touch_members_of_another_organization(client_for, manager, other_org):
    foreign = MembershipFactory(organization=other_org, role="member")
    response = client_for(manager).post(
        reverse("organizations:membership_remove", args=[other_org.slug, foreign.uuid])
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_manager_withdraws_a_pending_invitation(client_for, org, manager):
    from organizations import operations

    inv = operations.member_invite(
        organization=org,
        email="w@example.ca",
        role="member",
        invited_by=manager,
        link_base="http://testserver/",
    )
    response = client_for(manager).post(
        reverse("organizations:invitation_revoke", args=[org.slug, inv.uuid])
    )
    assert response.status_code == 302
    assert not Invitation.objects.filter(pk=inv.pk).exists()


@pytest.mark.parametrize("who", ["manager", "member", "executive", "outsider"])
def test_only_staff_reach_the_organization_administration(request, client_for, org, who):
    c = client_for(request.getfixturevalue(who))
    assert c.get(reverse("organizations:staff_list")).status_code == 404
    assert c.get(reverse("organizations:staff_create")).status_code == 404


def test_staff_create_an_organization_with_its_first_manager(client_for, staff):
    response = client_for(staff).post(
        reverse("organizations:staff_create"),
        {
            "name_en": "City of Halifax",
            "name_fr": "Ville d'Halifax",
            "order_of_government": "municipal",
            "province": "NS",
            "manager_email": "lead@halifax.example.ca",
        },
    )
    assert response.status_code == 302
    org = Organization.objects.get(name_en="City of Halifax")
    assert Invitation.objects.get(organization=org).role == "manager"


def test_a_municipal_organization_needs_a_province(client_for, staff):
    response = client_for(staff).post(
        reverse("organizations:staff_create"),
        {
            "name_en": "Town",
            "name_fr": "Ville",
            "order_of_government": "municipal",
            "province": "",
            "manager_email": "lead@example.ca",
        },
    )
    assert response.status_code == 200
    assert (
        "Choose the province or territory of a municipal organization." in response.content.decode()
    )
    assert not Organization.objects.filter(name_en="Town").exists()


def test_password_reset_sends_a_working_link(client, member):
    response = client.post(reverse("password_reset"), {"email": member.email})
    assert response.status_code == 302
    link = re.search(
        r"http://testserver(/en/accounts/password/reset/\S+)", mail.outbox[-1].body
    ).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"}
    )
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password("brand-new-passphrase")


def test_sign_out_requires_post_and_ends_the_session(client_for, member):
    c = client_for(member)
    # A link (GET), which another site could make a browser follow, does not sign out.
    assert c.get(reverse("logout")).status_code == 405
    assert c.get(reverse("home")).status_code == 200
    assert c.post(reverse("logout")).status_code == 302
    home = c.get(reverse("home"))
    assert home.status_code == 302 and reverse("login") in home["Location"]


def test_forms_carry_csrf_protection(client, member):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": member.email, "password": PASSWORD})
    assert response.status_code == 403


def test_home_lists_the_users_services_and_not_others(client_for, member, org, other_org):
    from tests.factories import ServiceFactory

    ServiceFactory(owner=org, name_en="Our Service")
    ServiceFactory(owner=other_org, name_en="Their Service")
    body = client_for(member).get(reverse("home")).content.decode()
    assert "Our Service" in body and "Their Service" not in body
