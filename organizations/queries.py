"""Reads for organizations and their people."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import Invitation, Membership, Organization, User


def memberships_of_user(user: User) -> QuerySet[Membership]:
    """The user's memberships with their organizations, for the home page (one query)."""
    return Membership.objects.filter(user=user).select_related("organization")


def members_of_organization(organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def pending_invitations(organization: Organization) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organization=organization, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("email")
