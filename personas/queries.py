"""Reads for personas."""

from django.db.models import Prefetch

from organizations.models import Organization

from .models import JourneyStage, Persona


def _stages():
    return Prefetch(
        "stages",
        queryset=JourneyStage.objects.select_related("organization").order_by("order", "pk"),
    )


def personas_of_service(service):
    """All personas of a service with their journeys and preferred channels (three queries)."""
    return list(
        service.personas.order_by("name", "pk").prefetch_related(_stages(), "preferred_channels")
    )


def stages_of(persona: Persona) -> list[JourneyStage]:
    return list(persona.stages.select_related("organization").order_by("order", "pk"))


def service_organizations(service) -> list[Organization]:
    """The owner and partners: the organizations that can be responsible for a stage."""
    return [service.owner, *service.partners.order_by("name_en")]
