from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations import operations
from organizations.models import Invitation, Membership, Organization, User
from tests.factories import MembershipFactory, UserFactory

LINK = "http://testserver/"


def _token_from_mail(message) -> str:
    line = next(line for line in message.body.splitlines() if "/invitations/" in line)
    return line.rstrip("/").rsplit("/", 1)[-1]


def test_organization_create_invites_its_first_manager(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        org = operations.organization_create(
            name_en="Service Nova Scotia",
            name_fr="Service Nouvelle-Écosse",
            order_of_government=Organization.Order.PROVINCIAL,
            province="NS",
            manager_email="Boss@Example.ca",
            created_by=staff,
            link_base=LINK,
        )
    invitation = Invitation.objects.get(organization=org)
    assert invitation.email == "boss@example.ca"
    assert invitation.role == Membership.Role.MANAGER
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["boss@example.ca"]
    assert "/invitations/" in mail.outbox[0].body


def test_accepting_an_invitation_creates_the_account_and_membership(
    org, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        operations.member_invite(
            organization=org,
            email="new@example.ca",
            role=Membership.Role.EXECUTIVE,
            invited_by=manager,
            link_base=LINK,
        )
    token = _token_from_mail(mail.outbox[0])
    user = operations.invitation_accept(
        token=token, full_name="New Person", password="a-good-long-passphrase"
    )
    assert user.check_password("a-good-long-passphrase")
    assert Membership.objects.get(user=user, organization=org).role == Membership.Role.EXECUTIVE
    # The link works once.
    with pytest.raises(ValidationError):
        operations.invitation_accept(token=token, full_name="Again", password="another-passphrase1")


def test_an_expired_invitation_cannot_be_accepted(org, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = operations.member_invite(
            organization=org,
            email="late@example.ca",
            role=Membership.Role.MEMBER,
            invited_by=manager,
            link_base=LINK,
        )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    token = _token_from_mail(mail.outbox[0])
    with pytest.raises(ValidationError, match="expired"):
        operations.invitation_accept(
            token=token, full_name="Late", password="a-good-long-passphrase"
        )
    assert not User.objects.filter(email="late@example.ca").exists()


def test_a_weak_password_is_refused_and_nothing_is_saved(org, manager):
    operations.member_invite(
        organization=org, email="weak@example.ca", role="member", invited_by=manager, link_base=LINK
    )
    invitation = Invitation.objects.get(email="weak@example.ca")
    # Find the raw token through the mail is the only way; simulate with a known token instead.
    invitation.token_hash = operations.hash_token("known-token")
    invitation.save()
    with pytest.raises(ValidationError):
        operations.invitation_accept(token="known-token", full_name="Weak", password="12345")
    assert not User.objects.filter(email="weak@example.ca").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_inviting_an_existing_user_adds_them_directly(org, manager, other_org):
    someone = MembershipFactory(organization=other_org).user
    result = operations.member_invite(
        organization=org,
        email=someone.email.upper(),
        role="member",
        invited_by=manager,
        link_base=LINK,
    )
    assert isinstance(result, Membership)
    assert result.user == someone and result.organization == org


def test_inviting_a_current_member_again_is_refused(org, manager, member):
    with pytest.raises(ValidationError, match="already a member"):
        operations.member_invite(
            organization=org, email=member.email, role="member", invited_by=manager, link_base=LINK
        )


def test_the_last_manager_cannot_be_removed_or_demoted(org, manager):
    membership = Membership.objects.get(user=manager, organization=org)
    with pytest.raises(ValidationError, match="last service manager"):
        operations.membership_remove(membership=membership)
    with pytest.raises(ValidationError, match="last service manager"):
        operations.membership_change_role(membership=membership, role=Membership.Role.MEMBER)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MANAGER


def test_a_manager_can_be_removed_when_another_remains(org, manager):
    second = MembershipFactory(organization=org, role=Membership.Role.MANAGER)
    operations.membership_remove(membership=Membership.objects.get(user=manager, organization=org))
    assert list(Membership.objects.filter(organization=org)) == [second]


def test_changing_a_role(org, manager, member):
    membership = Membership.objects.get(user=member, organization=org)
    operations.membership_change_role(membership=membership, role=Membership.Role.MANAGER)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MANAGER


def test_a_new_invitation_replaces_the_pending_one(org, manager):
    for _ in range(2):
        operations.member_invite(
            organization=org,
            email="twice@example.ca",
            role="member",
            invited_by=manager,
            link_base=LINK,
        )
    assert Invitation.objects.filter(email="twice@example.ca").count() == 1


def test_sign_in_email_is_case_insensitive(db):
    UserFactory(email="mixed.case@example.ca")
    assert User.objects.get_by_natural_key("Mixed.Case@Example.CA").email == "mixed.case@example.ca"
