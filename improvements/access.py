"""Who may read or change an opportunity: the rules of its assessment's service.

Team members and managers of the owner and partner organizations write; executives read;
anyone else gets a 404.
"""

from uuid import UUID

from django.http import Http404

from core.access import the_one
from organizations.access import Access, Person, require
from services.access import access_of, with_service_access

from .models import ImprovementOpportunity


def opportunity_for_user(
    *, user: Person, uuid: UUID | str, need: Access = Access.READ
) -> ImprovementOpportunity:
    found = ImprovementOpportunity.objects.select_related(
        "assessment__service__owner", "assessment__catalogue_version"
    ).filter(uuid=uuid)
    opportunity = the_one(with_service_access(found, user, "assessment__service"))
    if opportunity is None:
        raise Http404
    assessment = opportunity.assessment
    assessment.user_access = access_of(opportunity, user)
    require(assessment.user_access, need)
    return opportunity
