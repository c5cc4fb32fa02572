"""Reads for services: lists with filters, details with standards, code labels."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import CharField, Prefetch, Q, QuerySet, Value

from catalogue.models import CatalogueVersion
from core.bilingual import (
    LocalizedText,
    active_language,
    localized_order,
    localized_pair,
)
from core.filters import FilterSet
from core.fragments import fragment
from organizations.access import Person
from organizations.models import Organization

from .access import services_for_user, sharing_organizations
from .models import (
    CODE_LISTS,
    InventoryCode,
    InventoryImport,
    Service,
    ServiceStandard,
    ServiceYear,
    StandardPerformance,
    link_model,
    text_to_codes,
)

Labels = dict[tuple[str, str], dict[str, LocalizedText]]


def code_labels() -> Labels:
    """{(resource, field): {code: label}} for the code lists services use, each list in the
    reader's alphabetical order (one query, or none while the code lists are unchanged: a
    fragment, shared by requests and never changed by them)."""
    language = active_language()
    return fragment("codes", ("labels", language), lambda: _code_labels(language))


def _code_labels(language: str) -> Labels:
    wanted = Q()
    for resource, field in CODE_LISTS.values():
        wanted |= Q(resource=resource, field=field)
    labels: defaultdict[tuple[str, str], dict[str, LocalizedText]] = defaultdict(dict)
    found = InventoryCode.objects.filter(wanted).order_by(localized_order("label", language), "pk")
    for resource, field, code, english, french in found.values_list(
        "resource", "field", "code", "label_en", "label_fr"
    ):
        labels[(resource, field)][code] = localized_pair(english, french, language)
    return dict(labels)


def choices_for(labels: Labels, field: str) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in labels.get(CODE_LISTS[field], {}).items()]


def label_codes(labels: Labels, field: str, codes: list[str]) -> list[str]:
    known = labels.get(CODE_LISTS[field], {})
    return [str(known.get(code, code)) for code in codes]


def service_list(user: Person, *, filters: FilterSet | None = None) -> QuerySet[Service]:
    """The services the user may read, filtered, with their owner, in the reader's
    alphabetical order (their codes: ``codes_of_services``)."""
    services = services_for_user(user).select_related("owner")
    if filters is not None:
        services = filters.apply(services)
    return services.order_by(localized_order("name"), "pk")


def organization_choices(user: Person) -> list[tuple[str, str]]:
    """(slug, name in the reader's language) of ``organizations_for_filter``: for staff, who
    see every organization, a fragment kept while the organizations are unchanged; for anyone
    else, read on every request (the list depends on what the person may read)."""
    language = active_language()

    def read() -> list[tuple[str, str]]:
        return [
            (slug, str(localized_pair(name_en, name_fr, language)))
            for slug, name_en, name_fr in organizations_for_filter(user).values_list(
                "slug", "name_en", "name_fr"
            )
        ]

    if sharing_organizations(user) is None:
        return fragment("organizations", ("every", language), read)
    return read()


def organizations_for_filter(user: Person) -> QuerySet[Organization]:
    """Organizations that own or share a service the user can see, for the filter list: every
    organization for staff, who see every service."""
    organizations = Organization.objects.all()
    sharing = sharing_organizations(user)
    if sharing is not None:
        organizations = organizations.filter(pk__in=sharing)
    return organizations.order_by(localized_order("name"), "pk")


def codes_of_services(
    service_ids: list[int], fields: Iterable[str] = CODE_LISTS
) -> dict[int, dict[str, list[str]]]:
    """{service id: {field: its codes, in list order}} for the multi-valued fields named, read
    in one query (a union over the fields' link tables)."""
    fields = list(fields)
    parts = [
        link_model(field)
        ._default_manager.filter(service_id__in=service_ids)
        .order_by()
        .annotate(kind=Value(field, output_field=CharField()))
        .values_list("service_id", "kind", "inventorycode_id", "inventorycode__code")
        for field in fields
    ]
    found: dict[int, dict[str, list[tuple[int, str]]]] = {
        service_id: {field: [] for field in fields} for service_id in service_ids
    }
    if service_ids and parts:
        for service_id, field, pk, code in parts[0].union(*parts[1:], all=True):
            found[service_id][field].append((pk, code))
    return {
        service_id: {
            field: [code for _, code in sorted(pairs)] for field, pairs in by_field.items()
        }
        for service_id, by_field in found.items()
    }


def codes_of_service(service: Service) -> dict[str, list[str]]:
    """{field: its codes, in list order} for every multi-valued field of one service, read in
    one query."""
    return codes_of_services([service.pk])[service.pk]


@dataclass(frozen=True)
class ServiceDetail:
    """What the service page shows besides the service: partners, volumes by year, standards
    with their results by year, and the service's codes by their labels."""

    partners: list[Organization]
    years: list[ServiceYear]
    standards: list[ServiceStandard]
    codes: dict[str, list[str]]  # {field: labels of its codes, in list order}


def service_detail(service: Service) -> ServiceDetail:
    """Everything the service page reads besides the service (six queries)."""
    labels = code_labels()
    codes = codes_of_service(service)
    partners, years, standards = _partners_years_standards(service, labels)
    return ServiceDetail(
        partners=partners,
        years=years,
        standards=standards,
        codes={field: label_codes(labels, field, codes[field]) for field in CODE_LISTS},
    )


def _partners_years_standards(
    service: Service, labels: Labels
) -> tuple[list[Organization], list[ServiceYear], list[ServiceStandard]]:
    partners = list(service.partners.order_by(localized_order("name")))
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


def platform_overview() -> dict:
    """What ICCS staff look after, for their home page (five small queries)."""
    return {
        "organizations": Organization.objects.count(),
        "services": Service.objects.count(),
        "published": CatalogueVersion.objects.filter(status=CatalogueVersion.Status.PUBLISHED)
        .order_by("-published_at")
        .first(),
        "drafts": CatalogueVersion.objects.filter(status=CatalogueVersion.Status.DRAFT).count(),
        "last_import": InventoryImport.objects.order_by("-created_at").first(),
    }
