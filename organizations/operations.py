"""Writes for organizations, memberships and invitations."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Invitation, Membership, Organization, User, hash_token
from .signin import canonical_email


def _unique_slug(base: str) -> str:
    root = slugify(base)[:70] or "organization"
    slug, n = root, 2
    while Organization.objects.filter(slug=slug).exists():
        slug = f"{root}-{n}"
        n += 1
    return slug


@transaction.atomic
def organization_create(
    *,
    name_en: str,
    name_fr: str,
    order_of_government: str,
    province: str = "",
    manager_email: str,
    created_by: User,
    link_base: str,
) -> Organization:
    """Create an organization and invite (or add) its first service manager."""
    organization = Organization(
        slug=_unique_slug(name_en),
        name_en=name_en,
        name_fr=name_fr,
        order_of_government=order_of_government,
        province=province,
    )
    organization.full_clean()
    organization.save()
    member_invite(
        organization=organization,
        email=manager_email,
        role=Membership.Role.MANAGER,
        invited_by=created_by,
        link_base=link_base,
    )
    return organization


def _send(*, to: str, subject: str, template: str, context: dict[str, object]) -> None:
    body = render_to_string(template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


@transaction.atomic
def member_invite(
    *, organization: Organization, email: str, role: str, invited_by: User, link_base: str
) -> Invitation | Membership:
    """Give ``email`` a role in the organization.

    A person who already has an account is added at once and told by email;
    anyone else receives an invitation link that expires.
    """
    email = canonical_email(email)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    existing = User.objects.filter(email=email).first()
    context = {
        "organization": organization,
        "role": Membership.Role(role).label,
        "invited_by": invited_by,
        "link_base": link_base.rstrip("/"),
    }
    if existing is not None:
        if Membership.objects.filter(user=existing, organization=organization).exists():
            raise ValidationError(
                {"email": _("This person is already a member of the organization.")}
            )
        membership = Membership(user=existing, organization=organization, role=role)
        membership.full_clean()
        membership.save()
        transaction.on_commit(
            lambda: _send(
                to=email,
                subject=_("You have been added to %(org)s") % {"org": organization.name},
                template="organizations/email/member_added.txt",
                context=context,
            )
        )
        return membership

    token = secrets.token_urlsafe(32)
    # A new invitation replaces any pending one for the same address.
    Invitation.objects.filter(
        organization=organization, email=email, accepted_at__isnull=True
    ).delete()
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    context.update(token=token, invitation=invitation, days=settings.INVITATION_MAX_AGE_DAYS)
    language = translation.get_language()

    def send() -> None:
        with translation.override(language):
            _send(
                to=email,
                subject=_("Invitation to join %(org)s") % {"org": organization.name},
                template="organizations/email/invitation.txt",
                context=context,
            )

    transaction.on_commit(send)
    return invitation


def invitation_from_token(token: str) -> Invitation | None:
    """The pending invitation for this link, or None if it is unknown, used or expired."""
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, full_name: str, password: str) -> User:
    invitation = invitation_from_token(token)
    if invitation is None:
        raise ValidationError(_("This invitation link has expired or has already been used."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation link has expired or has already been used."))
    user = User(email=invitation.email, full_name=full_name)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    Membership.objects.create(user=user, organization=invitation.organization, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."))
    invitation.delete()


def _would_leave_no_manager(membership: Membership) -> bool:
    if membership.role != Membership.Role.MANAGER:
        return False
    others = (
        Membership.objects.select_for_update()
        .filter(organization_id=membership.organization_id, role=Membership.Role.MANAGER)
        .exclude(pk=membership.pk)
    )
    return not others.exists()


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if role != Membership.Role.MANAGER and _would_leave_no_manager(membership):
        raise ValidationError(
            _(
                "%(name)s is the organization's last service manager. "
                "Make someone else a service manager first."
            )
            % {"name": membership.user}
        )
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    if _would_leave_no_manager(membership):
        raise ValidationError(
            _(
                "%(name)s is the organization's last service manager and cannot be removed. "
                "Make someone else a service manager first."
            )
            % {"name": membership.user}
        )
    membership.delete()
