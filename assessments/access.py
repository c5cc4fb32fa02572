"""Who may read or change an assessment: the rules of its service (organizations.access).

Team members and managers of the owner and partner organizations score a
draft; the owner's service managers start, review and complete; executives
read; anyone else gets a 404.
"""

from uuid import UUID

from django.http import Http404

from core.access import the_one
from organizations.access import Access, Person, require
from services.access import access_of, with_service_access

from .models import Assessment


def assessment_for_user(
    *, user: Person, uuid: UUID | str, need: Access = Access.READ, with_baseline: bool = False
) -> Assessment:
    """The assessment with its service, owner and catalogue version, and its baseline for the
    pages that name it (``with_baseline``: read with the rest, where a page that does not
    name it would pay for reading it)."""
    related = ["service__owner", "catalogue_version", *(["baseline"] if with_baseline else [])]
    found = Assessment.objects.select_related(*related).filter(uuid=uuid)
    assessment = the_one(with_service_access(found, user, "service"))
    if assessment is None:
        raise Http404
    assessment.user_access = access_of(assessment, user)
    require(assessment.user_access, need)
    return assessment
