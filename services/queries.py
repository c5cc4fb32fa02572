"""Reads for services: lists with filters, details with standards, code labels."""

from collections import defaultdict

from django.db.models import Prefetch, Q

from core.bilingual import LocalizedText, localized
from organizations.models import Organization

from .access import services_for_user
from .models import InventoryCode, Service, ServiceStandard, StandardPerformance, text_to_codes

# Which code list labels each multi-valued field of a service.
CODE_FIELDS = {
    "client_segments": ("service", "client_target_groups"),
    "service_types": ("service", "service_type"),
    "service_scope": ("service", "service_scope"),
    "channels": ("service-std", "channel"),
}


def code_labels() -> dict[tuple[str, str], dict[str, LocalizedText]]:
    """{(resource, field): {code: label}} for the code lists services use (one query)."""
    wanted = Q()
    for resource, field in CODE_FIELDS.values():
        wanted |= Q(resource=resource, field=field)
    labels: dict[tuple[str, str], dict[str, LocalizedText]] = defaultdict(dict)
    for code in InventoryCode.objects.filter(wanted).order_by("label_en"):
        labels[(code.resource, code.field)][code.code] = localized(code, "label")
    return labels


def choices_for(labels, field: str) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in labels.get(CODE_FIELDS[field], {}).items()]


def label_codes(labels, field: str, codes: list[str]) -> list[str]:
    known = labels.get(CODE_FIELDS[field], {})
    return [str(known.get(code, code)) for code in codes]


def service_list(
    user, *, search: str = "", organization: str = "", segment: str = "", service_type: str = ""
):
    """The services the user may read, filtered, with their owner (one query per page)."""
    services = services_for_user(user).select_related("owner")
    if search:
        services = services.filter(
            Q(name_en__icontains=search)
            | Q(name_fr__icontains=search)
            | Q(inventory_id__iexact=search)
        )
    if organization:
        services = services.filter(
            Q(owner__slug=organization) | Q(partners__slug=organization)
        ).distinct()
    if segment:
        services = services.filter(client_segments__contains=f",{segment},")
    if service_type:
        services = services.filter(service_types__contains=f",{service_type},")
    return services.order_by("name_en", "pk")


def organizations_for_filter(user):
    """Organizations that own or share a service the user can see, for the filter list."""
    visible = services_for_user(user)
    return (
        Organization.objects.filter(Q(services__in=visible) | Q(partner_services__in=visible))
        .distinct()
        .order_by("name_en")
    )


def service_detail(service: Service, labels):
    """Partners, volumes by year, and standards with their results by year (four queries)."""
    partners = list(service.partners.order_by("name_en"))
    years = list(service.years.order_by("-fiscal_year"))
    standards = list(
        ServiceStandard.objects.filter(service=service)
        .order_by("type", "standard_id")
        .prefetch_related(
            Prefetch("performances", queryset=StandardPerformance.objects.order_by("-fiscal_year"))
        )
    )
    for standard in standards:
        standard.channel_display = label_codes(labels, "channels", text_to_codes(standard.channel))
    return partners, years, standards
