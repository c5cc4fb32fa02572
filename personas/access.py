"""Who may read or change personas: the rules of their service (organizations.access).

Team members and managers of the owner and partner organizations edit;
executives read; anyone else gets a 404.
"""

from uuid import UUID

from django.http import Http404

from core.access import the_one
from organizations.access import Access, Person, require
from services.access import access_of, with_service_access

from .models import JourneyStage, Persona


def persona_for_user(*, user: Person, uuid: UUID | str, need: Access = Access.READ) -> Persona:
    found = Persona.objects.select_related("service__owner").filter(uuid=uuid)
    persona = the_one(with_service_access(found, user, "service"))
    if persona is None:
        raise Http404
    persona.user_access = access_of(persona, user)
    require(persona.user_access, need)
    return persona


def stage_for_user(*, user: Person, uuid: UUID | str, need: Access = Access.WRITE) -> JourneyStage:
    found = JourneyStage.objects.select_related("persona__service__owner").filter(uuid=uuid)
    stage = the_one(with_service_access(found, user, "persona__service"))
    if stage is None:
        raise Http404
    require(access_of(stage, user), need)
    return stage
