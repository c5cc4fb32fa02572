"""Writing the parsed files: one transaction, bulk operations only, only what differs.

Each step reads what exists for the whole import in one query, then creates and updates in
bulk, so the number of queries does not grow with the number of rows.
"""

from collections import defaultdict

from django.db import transaction

from organizations.models import Organization
from organizations.names import Directory, known_as
from services.models import (
    CODE_LISTS,
    InventoryCode,
    Service,
    ServiceStandard,
    ServiceYear,
    StandardPerformance,
    link_model,
)

from .reading import InventoryFileError, ParsedInventory

YEAR_FIELDS = [
    "phone_enquiries", "website_visits", "applications_online", "applications_in_person",
    "applications_by_phone", "applications_by_mail", "applications_by_email",
    "applications_by_fax", "applications_by_other", "applications_total",
]  # fmt: skip
PERFORMANCE_FIELDS = [
    "target",
    "volume_meeting_target",
    "total_volume",
    "performance",
    "target_met",
]
BATCH = 500


def _differs(obj, values: dict) -> bool:
    return any(getattr(obj, name) != value for name, value in values.items())


def _set(obj, values: dict) -> None:
    for name, value in values.items():
        setattr(obj, name, value)


def _apply_codes(parsed: ParsedInventory, summary: dict) -> None:
    """Code labels, from the code list file."""
    existing = {(c.resource, c.field, c.code): c for c in InventoryCode.objects.all()}
    new_codes, changed = [], []
    for data in parsed.codes:
        key = (data["resource"], data["field"], data["code"])
        labels = {"label_en": data["label_en"], "label_fr": data["label_fr"]}
        if key not in existing:
            new_codes.append(InventoryCode(**data))
            existing[key] = new_codes[-1]
        elif _differs(existing[key], labels):
            _set(existing[key], labels)
            changed.append(existing[key])
    InventoryCode.objects.bulk_create(new_codes)
    InventoryCode.objects.bulk_update(changed, ["label_en", "label_fr"])
    summary["codes_created"] = len(new_codes)
    summary["codes_updated"] = len(changed)


def _apply_organizations(parsed: ParsedInventory, summary: dict) -> dict[str, Organization]:
    """The owner organizations, by their key in the file; the missing ones are created.

    A department reached by its code, its applied or legal title, a former name or an
    abbreviation is one organization (organizations.names): both layouts meet on one row."""
    org_names: dict[str, tuple[str, str]] = {}
    for record in parsed.services:
        key, en, fr = record["organization"]
        org_names.setdefault(key, (en, fr))
    directory = Directory()
    organizations = {}
    missing = []
    for key, (en, fr) in org_names.items():
        found = directory.find(key, en, fr)
        if found is None:
            known = known_as(key, en, fr)
            found = Organization(
                slug=known.code if known else key,
                name_en=known.name_en if known else en,
                name_fr=known.name_fr if known else fr,
                order_of_government=Organization.Order.FEDERAL,
            )
            missing.append(found)
            directory.add(found)
        organizations[key] = found
    Organization.objects.bulk_create(missing)
    summary["organizations_created"] = len(missing)
    if missing and missing[0].pk is None:
        # Databases that do not return ids from bulk inserts: read them back.
        saved = Organization.objects.in_bulk([o.slug for o in missing], field_name="slug")
        organizations = {k: saved.get(o.slug, o) for k, o in organizations.items()}
    return organizations


def _latest_records(parsed: ParsedInventory) -> dict[str, dict]:
    """Each service's record of its latest fiscal year, which its description comes from."""
    latest: dict[str, dict] = {}
    for record in parsed.services:
        current = latest.get(record["service_id"])
        if current is None or record["fiscal_year"] > current["fiscal_year"]:
            latest[record["service_id"]] = record
    return latest


def _apply_services(
    latest: dict[str, dict], organizations: dict[str, Organization], summary: dict
) -> tuple[list[str], set[str], set[str]]:
    """Creates and updates services. Returns the ids of the services this import describes
    (new ones, and those reported for a fiscal year as recent as theirs), of the created ones
    and of the updated ones."""
    services = Service.objects.in_bulk(list(latest), field_name="inventory_id")
    new_services, changed, described = [], [], []
    created: set[str] = set()
    updated: set[str] = set()
    update_fields = (
        ["owner", "inventory_fiscal_year", *next(iter(latest.values()))["fields"]] if latest else []
    )
    for service_id, record in latest.items():
        values = {
            **record["fields"],
            "owner_id": organizations[record["organization"][0]].pk,
            "inventory_fiscal_year": record["fiscal_year"],
        }
        service = services.get(service_id)
        if service is None:
            new_services.append(Service(inventory_id=service_id, **values))
            created.add(service_id)
        elif record["fiscal_year"] < service.inventory_fiscal_year:
            continue  # an earlier year does not overwrite a later description
        elif _differs(service, values):
            _set(service, values)
            changed.append(service)
            updated.add(service_id)
        described.append(service_id)
    Service.objects.bulk_create(new_services)
    Service.objects.bulk_update(changed, update_fields, batch_size=BATCH)
    summary["services_created"] = len(new_services)
    summary["services_updated"] = len(changed)
    return described, created, updated


def _apply_service_codes(
    latest: dict[str, dict], described: list[str], created: set[str], services: dict
) -> set[str]:
    """Links each described service to its codes, field by field, adding and removing only the
    links that differ: per field, one read, one bulk insert and at most one delete. Returns
    the ids of the services that existed before and whose codes changed."""
    code_ids = {
        (resource, field, code): pk
        for pk, resource, field, code in InventoryCode.objects.values_list(
            "pk", "resource", "field", "code"
        )
    }
    existing = [services[i].pk for i in described if i not in created]
    touched: set[int] = set()
    for field, code_list in CODE_LISTS.items():
        through = link_model(field)
        wanted = {
            (services[i].pk, code_ids[(*code_list, code)])
            for i in described
            for code in latest[i]["codes"][field][1]
        }
        links = {}
        if existing:
            rows = through._default_manager.filter(service_id__in=existing).values_list(
                "pk", "service_id", "inventorycode_id"
            )
            links = {(service_id, code_id): pk for pk, service_id, code_id in rows}
        added = wanted - links.keys()
        removed = {key: pk for key, pk in links.items() if key not in wanted}
        through._default_manager.bulk_create(
            [through(service_id=s, inventorycode_id=c) for s, c in added], batch_size=BATCH
        )
        if removed:
            through._default_manager.filter(pk__in=list(removed.values())).delete()
        touched |= {s for s, _ in added} | {s for s, _ in removed}
    before = set(existing)
    return {s.inventory_id for s in services.values() if s.pk in touched and s.pk in before}


def _apply_years(
    parsed: ParsedInventory, latest: dict, services: dict[str, Service], summary: dict
) -> None:
    """Volumes per service and fiscal year."""
    years = {
        (y.service_id, y.fiscal_year): y
        for y in ServiceYear.objects.filter(service__inventory_id__in=list(latest))
    }
    new_years, changed = [], []
    for record in parsed.services:
        service = services[record["service_id"]]
        year = years.get((service.pk, record["fiscal_year"]))
        if year is None:
            new_years.append(
                ServiceYear(service=service, fiscal_year=record["fiscal_year"], **record["year"])
            )
        elif _differs(year, record["year"]):
            _set(year, record["year"])
            changed.append(year)
    ServiceYear.objects.bulk_create(new_years, batch_size=BATCH)
    ServiceYear.objects.bulk_update(changed, YEAR_FIELDS, batch_size=BATCH)
    summary["service_years_created"] = len(new_years)
    summary["service_years_updated"] = len(changed)


def _standards_of(standard_ids: set[str]) -> dict[tuple[int, str], ServiceStandard]:
    return {
        (s.service_id, s.standard_id): s
        for s in ServiceStandard.objects.filter(service__inventory_id__in=list(standard_ids))
    }


def _apply_standards(
    parsed: ParsedInventory, services: dict[str, Service], summary: dict
) -> dict[tuple[int, str], ServiceStandard]:
    """Standards, described by their latest fiscal year; returns them by (service, id)."""
    standard_ids = {s["service_id"] for s in parsed.standards}
    standards = _standards_of(standard_ids)
    latest: dict[tuple[int, str], dict] = {}
    for record in parsed.standards:
        key = (services[record["service_id"]].pk, record["standard_id"])
        if key not in latest or record["fiscal_year"] > latest[key]["fiscal_year"]:
            latest[key] = record
    new_standards, changed = [], []
    for key, record in latest.items():
        standard = standards.get(key)
        values = {**record["fields"], "inventory_fiscal_year": record["fiscal_year"]}
        if standard is None:
            standard = ServiceStandard(service_id=key[0], standard_id=key[1], **values)
            new_standards.append(standard)
            standards[key] = standard
        elif record["fiscal_year"] < standard.inventory_fiscal_year:
            continue  # an earlier year does not overwrite a later wording
        elif _differs(standard, values):
            _set(standard, values)
            changed.append(standard)
    ServiceStandard.objects.bulk_create(new_standards, batch_size=BATCH)
    ServiceStandard.objects.bulk_update(
        changed,
        ["text_en", "text_fr", "type", "channel", "inventory_fiscal_year"],
        batch_size=BATCH,
    )
    summary["standards_created"] = len(new_standards)
    summary["standards_updated"] = len(changed)
    if new_standards and new_standards[0].pk is None:
        # Databases that do not return ids from bulk inserts: read them back.
        standards = _standards_of(standard_ids)
    return standards


def _apply_results(
    parsed: ParsedInventory,
    services: dict[str, Service],
    standards: dict[tuple[int, str], ServiceStandard],
    summary: dict,
) -> None:
    """Each standard's target and result per fiscal year."""
    standard_ids = {s["service_id"] for s in parsed.standards}
    performances = {
        (p.standard_id, p.fiscal_year): p
        for p in StandardPerformance.objects.filter(
            standard__service__inventory_id__in=list(standard_ids)
        )
    }
    new_results, changed = [], []
    for record in parsed.standards:
        standard = standards[(services[record["service_id"]].pk, record["standard_id"])]
        result = performances.get((standard.pk, record["fiscal_year"]))
        if result is None:
            new_results.append(
                StandardPerformance(
                    standard=standard, fiscal_year=record["fiscal_year"], **record["performance"]
                )
            )
        elif _differs(result, record["performance"]):
            _set(result, record["performance"])
            changed.append(result)
    StandardPerformance.objects.bulk_create(new_results, batch_size=BATCH)
    StandardPerformance.objects.bulk_update(changed, PERFORMANCE_FIELDS, batch_size=BATCH)
    summary["results_created"] = len(new_results)
    summary["results_updated"] = len(changed)


class RejectedRows(InventoryFileError):
    """Rows were rejected and the import was not asked to leave them out."""


@transaction.atomic
def apply(parsed: ParsedInventory, *, skip_invalid: bool = False) -> dict:
    """Write the valid rows of the parsed files. Bulk operations only: a fixed number of
    queries per table. With rejected rows, nothing is written unless ``skip_invalid``."""
    if parsed.rejected and not skip_invalid:
        raise RejectedRows([str(r) for r in parsed.rejected])
    summary: dict[str, int] = defaultdict(int)
    _apply_codes(parsed, summary)
    organizations = _apply_organizations(parsed, summary)
    latest = _latest_records(parsed)
    described, created, updated = _apply_services(latest, organizations, summary)
    all_ids = list(latest) + [s["service_id"] for s in parsed.standards]
    services = Service.objects.in_bulk(all_ids, field_name="inventory_id")
    # A service whose codes changed is updated, even when none of its fields did.
    updated |= _apply_service_codes(latest, described, created, services)
    summary["services_updated"] = len(updated)
    _apply_years(parsed, latest, services, summary)
    standards = _apply_standards(parsed, services, summary)
    _apply_results(parsed, services, standards, summary)
    summary["rows_rejected"] = len(parsed.rejected)
    return dict(summary)


def preview(parsed: ParsedInventory) -> dict:
    """What importing the valid rows would create and update, without keeping any of it: the
    import runs in full and its transaction is rolled back, so the figures are exact."""
    with transaction.atomic():
        summary = apply(parsed, skip_invalid=True)
        transaction.set_rollback(True)
    return summary
