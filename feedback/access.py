"""Who may see and run a service's feedback: the rules of its service (services.access).

Everyone who reads the service reads its campaigns and what the public said; team members
review comments; the owner's service managers open and close campaigns. Anyone else gets a
404. The public reaches an open campaign's form through its random link only.
"""

from uuid import UUID

from django.http import Http404

from core.access import the_one
from organizations.access import Access, Person, require
from services.access import access_of, with_service_access

from .models import Campaign, Response


def campaign_for_user(*, user: Person, uuid: UUID | str, need: Access = Access.READ) -> Campaign:
    found = Campaign.objects.select_related("service__owner", "catalogue_version").filter(uuid=uuid)
    campaign = the_one(with_service_access(found, user, "service"))
    if campaign is None:
        raise Http404
    campaign.service.user_access = access_of(campaign, user)
    require(campaign.service.user_access, need)
    return campaign


def response_of(campaign: Campaign, uuid: UUID | str) -> Response:
    """One answer of a campaign already read for the person, never one of another campaign."""
    found = the_one(Response.objects.filter(campaign=campaign, uuid=uuid))
    if found is None:
        raise Http404
    return found


def open_campaign(token: str) -> Campaign | None:
    """The campaign a public link names, whatever its state (the page says when it is closed)."""
    if "\x00" in token:  # the database cannot hold it, so no campaign has it
        return None
    return the_one(
        Campaign.objects.select_related("service", "catalogue_version").filter(public_token=token)
    )
