"""Reads for personas."""

from django.db.models import Prefetch, Q, QuerySet

from core.bilingual import localized_order
from organizations.access import Access, Person
from organizations.models import Organization
from services.access import services_for_user
from services.models import Service

from .models import JourneyStage, Persona


def _stages() -> Prefetch:
    return Prefetch("stages", queryset=JourneyStage.objects.order_by("order", "pk"))


def personas_of_service(service: Service) -> list[Persona]:
    """All personas of a service with their journeys (stage names and sentiments, not who is
    responsible) and preferred channels (three queries)."""
    return list(
        service.personas.order_by("name", "pk").prefetch_related(_stages(), "preferred_channels")
    )


def stages_of(persona: Persona) -> list[JourneyStage]:
    return list(persona.stages.select_related("organization").order_by("order", "pk"))


def service_organizations_queryset(service: Service) -> QuerySet[Organization]:
    """The owner and partners in the reader's alphabetical order, as one query to read when
    needed (a form's choices, and its check of the choice sent)."""
    partners = Service.partners.through.objects.filter(service_id=service.pk)
    return Organization.objects.filter(
        Q(pk=service.owner_id) | Q(pk__in=partners.values("organization_id"))
    ).order_by(localized_order("name"), "pk")


def service_organizations(service: Service) -> list[Organization]:
    """The owner and partners: the organizations that can be responsible for a stage."""
    return [service.owner, *service.partners.order_by(localized_order("name"))]


def copy_targets(*, persona: Persona, user: Person) -> QuerySet[Service]:
    """Services a persona can be copied to: its organization's, where the user may write."""
    return (
        services_for_user(user, need=Access.WRITE)
        .filter(owner_id=persona.service.owner_id)
        .order_by(localized_order("name"), "pk")
    )
