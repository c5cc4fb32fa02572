"""Import of the GC Service Inventory and its service standards.

Two phases. ``read_files`` decodes and validates every file completely and
returns normalised records, or raises ``InventoryFileError`` listing every
problem with its file and line: a file with any error imports nothing.
``apply`` then writes everything in one transaction with bulk operations,
changing only what differs, so importing the same files twice changes
nothing and a newer fiscal year adds that year.

Both layouts are accepted: the 2024+ layout (``owner_org``, upper-case
codes, fractions 0..1) and the older one (``department_name_en/fr``,
often lower-case codes, percentages 0..100). ``NA``, ``ND`` and empty cells
are missing values, never zero.
"""

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.text import slugify

from organizations.models import Organization

from .models import (
    InventoryCode,
    Service,
    ServiceStandard,
    ServiceYear,
    StandardPerformance,
    codes_to_text,
)

MISSING = {"", "NA", "ND", "N/A", "S.O."}

SERVICES_NEW = {
    "fiscal_yr",
    "service_id",
    "service_name_en",
    "service_name_fr",
    "owner_org",
    "owner_org_title",
}
SERVICES_OLD = {
    "fiscal_yr", "service_id", "service_name_en", "service_name_fr",
    "department_name_en", "department_name_fr",
}  # fmt: skip
STANDARDS_NEW = {
    "fiscal_yr", "service_id", "service_standard_id", "service_standard_en", "service_standard_fr",
    "type", "channel", "target", "volume_meeting_target", "total_volume", "performance",
    "target_met", "owner_org", "owner_org_title",
}  # fmt: skip
STANDARDS_OLD = {
    "fiscal_yr", "service_id", "service_std_id", "service_std_en", "service_std_fr",
    "service_std_type", "channel", "service_std_target", "volume_meeting_target",
    "total_volume", "performance", "department_name_en", "department_name_fr",
}  # fmt: skip
CHOICES = {"resource_name", "id", "code", "en", "fr"}

# Older files spell some codes differently from today's code lists.
CODE_ALIASES = {
    "TIME": "TML",
    "TIMELINESS": "TML",
    "ACCES": "ACS",
    "ACCESS": "ACS",
    "ACCUR": "ACY",
    "ACCURACY": "ACY",
    "OTHER": "OTH",
    "ONLINE": "ONL",
    "PHONE": "TEL",
    "MAIL": "POST",
    "EMAIL": "EML",
    "INPERSON": "PERSON",
    "IN_PERSON": "PERSON",
}

# Application volumes by channel: (column, ServiceYear field, channel code).
VOLUMES_NEW = [
    ("num_applications_online", "applications_online", "ONL"),
    ("num_applications_in_person", "applications_in_person", "PERSON"),
    ("num_applications_by_phone", "applications_by_phone", "TEL"),
    ("num_applications_by_mail", "applications_by_mail", "POST"),
    ("num_applications_by_email", "applications_by_email", "EML"),
    ("num_applications_by_fax", "applications_by_fax", "FAX"),
    ("num_applications_by_other", "applications_by_other", "OTH"),
]
VOLUMES_OLD = [
    ("online_applications", "applications_online", "ONL"),
    ("in_person_applications", "applications_in_person", "PERSON"),
    ("postal_mail_applications", "applications_by_mail", "POST"),
    ("other_applications", "applications_by_other", "OTH"),
]
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
FOUR_PLACES = Decimal("0.0001")


class InventoryFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class ParsedInventory:
    codes: list[dict] = field(default_factory=list)
    services: list[dict] = field(default_factory=list)
    standards: list[dict] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.codes or self.services or self.standards)


class _Problems:
    def __init__(self):
        self.items: list[str] = []

    def add(self, name: str, line: int | None, message: str) -> None:
        where = f"{name}, line {line}" if line else name
        self.items.append(f"{where}: {message}")


# ---------------------------------------------------------------- reading


def decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InventoryFileError(
            [
                f"{name}, line {line}: the file is not UTF-8 text (byte {error.start}). "
                "Save it as UTF-8 (CSV UTF-8) and import it again."
            ]
        ) from None


def _rows(text: str, name: str, problems: _Problems, delimiter: str = ","):
    """Yield (line where the record starts, header, values) for each record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        problems.add(name, None, "the file is empty")
        return None, []
    except csv.Error as error:
        problems.add(name, 1, f"the header cannot be read ({error})")
        return None, []
    header = [h.strip() for h in header]
    records = []
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.add(name, start, f"this row cannot be read ({error})")
            break
        if any(v.strip() for v in values):
            records.append((start, values))
        start = reader.line_num + 1
    return header, records


def kind_of(header: list[str]) -> str | None:
    columns = set(header)
    if CHOICES <= columns:
        return "choices"
    if "service_standard_id" in columns or "service_std_id" in columns:
        return "standards"
    if "service_name_en" in columns:
        return "services"
    return None


def sniff(text: str) -> str | None:
    """Which kind of file this is, from its header line."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    # The header is read as the rows are (any line ending), so a bare carriage return in it
    # makes an unknown file, not an error.
    try:
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    except csv.Error:
        return None
    return kind_of([h.strip() for h in header])


def _fiscal_year(value: str) -> str | None:
    value = value.strip()
    match = re.fullmatch(r"(\d{4})\s*-\s*(\d{2}|\d{4})", value)
    if not match:
        return None
    start, end = int(match.group(1)), match.group(2)
    end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
    if end_year != start + 1:
        return None
    return f"{start}-{end_year}"


def _count(value: str, column: str, name: str, line: int, problems: _Problems) -> int | None:
    value = (value or "").strip()
    if value.upper() in MISSING:
        return None
    cleaned = value.replace(",", "").replace(" ", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        problems.add(name, line, f"{column} should be a number, NA or ND, not {value!r}")
        return None
    if number < 0 or number != number.to_integral_value():
        problems.add(name, line, f"{column} should be a whole number of 0 or more, not {value!r}")
        return None
    return int(number)


def _fraction(value, column, name, line, problems, *, percent: bool) -> Decimal | None:
    value = (value or "").strip()
    if value.upper() in MISSING:
        return None
    try:
        number = Decimal(value.rstrip("%").strip())
    except InvalidOperation:
        problems.add(name, line, f"{column} should be a number, NA or ND, not {value!r}")
        return None
    if number < 0:
        problems.add(name, line, f"{column} should not be negative, not {value!r}")
        return None
    if percent or value.endswith("%"):
        number = number / 100
    return number.quantize(FOUR_PLACES)


def _codes(value: str) -> list[str]:
    out = []
    for part in re.split(r"[,;]", value or ""):
        code = part.strip().upper().replace(" ", "_")
        if code and code not in MISSING:
            out.append(CODE_ALIASES.get(code, code))
    return sorted(set(out), key=out.index)


def _check_columns(header, required, name, layout, problems) -> bool:
    missing = sorted(required - set(header))
    if missing:
        problems.add(
            name,
            1,
            f"missing required column(s) for the {layout} layout: {', '.join(missing)}",
        )
        return False
    return True


def _layout(header, new, old, name, problems) -> str | None:
    columns = set(header)
    if "owner_org" in columns:
        return "new" if _check_columns(header, new, name, "2024+", problems) else None
    if "department_name_en" in columns:
        return "old" if _check_columns(header, old, name, "older", problems) else None
    # Neither layout: name what the 2024+ layout would need.
    _check_columns(header, new, name, "2024+", problems)
    return None


def _organization(row: dict, layout: str) -> tuple[str, str, str]:
    if layout == "new":
        key = row["owner_org"].strip().lower()
        title = row.get("owner_org_title", "")
        name_en, _, name_fr = title.partition("|")
        return key, name_en.strip() or key, name_fr.strip() or name_en.strip() or key
    name_en = row["department_name_en"].strip()
    name_fr = row["department_name_fr"].strip() or name_en
    return slugify(name_en)[:80], name_en, name_fr


def _read_services(text, name, problems) -> list[dict]:
    header, records = _rows(text, name, problems)
    if header is None:
        return []
    layout = _layout(header, SERVICES_NEW, SERVICES_OLD, name, problems)
    if layout is None:
        return []
    out = []
    seen: dict[tuple[str, str], int] = {}
    for line, values in records:
        if len(values) != len(header):
            problems.add(name, line, f"expected {len(header)} fields, found {len(values)}")
            continue
        row = dict(zip(header, values, strict=True))
        fiscal_year = _fiscal_year(row["fiscal_yr"])
        if fiscal_year is None:
            problems.add(
                name, line, f"fiscal_yr should look like 2023-2024, not {row['fiscal_yr']!r}"
            )
            continue
        service_id = row["service_id"].strip()
        if not service_id:
            problems.add(name, line, "service_id is empty")
            continue
        if not row["service_name_en"].strip():
            problems.add(name, line, "service_name_en is empty")
            continue
        if (service_id, fiscal_year) in seen:
            problems.add(
                name,
                line,
                f"service {service_id} appears twice for {fiscal_year} (also line {seen[service_id, fiscal_year]})",
            )
            continue
        seen[service_id, fiscal_year] = line
        org_key, org_en, org_fr = _organization(row, layout)
        if not org_key:
            problems.add(name, line, "the owner organization is empty")
            continue
        year = {}
        channels = []
        volumes = VOLUMES_NEW if layout == "new" else VOLUMES_OLD
        for column, target, channel in volumes:
            year[target] = _count(row.get(column, ""), column, name, line, problems)
            if year[target]:
                channels.append(channel)
        phone_column = "num_phone_enquiries" if layout == "new" else "calls_received"
        visits_column = "num_website_visits" if layout == "new" else "web_visits_info_service"
        year["phone_enquiries"] = _count(
            row.get(phone_column, ""), phone_column, name, line, problems
        )
        year["website_visits"] = _count(
            row.get(visits_column, ""), visits_column, name, line, problems
        )
        year["applications_total"] = (
            _count(
                row.get("num_applications_total", ""),
                "num_applications_total",
                name,
                line,
                problems,
            )
            if layout == "new"
            else None
        )
        if year["phone_enquiries"] and "TEL" not in channels:
            channels.append("TEL")
        if layout == "old":
            channels += [c for c in _codes(row.get("service_channels", "")) if c not in channels]
        out.append(
            {
                "line": line,
                "fiscal_year": fiscal_year,
                "service_id": service_id,
                "organization": (org_key, org_en, org_fr),
                "fields": {
                    "name_en": row["service_name_en"].strip()[:400],
                    "name_fr": row["service_name_fr"].strip()[:400],
                    "description_en": row.get("service_description_en", "").strip(),
                    "description_fr": row.get("service_description_fr", "").strip(),
                    "service_types": codes_to_text(_codes(row.get("service_type", ""))),
                    "client_segments": codes_to_text(_codes(row.get("client_target_groups", ""))),
                    "service_scope": codes_to_text(
                        _codes(
                            row.get("service_scope" if layout == "new" else "external_internal", "")
                        )
                    ),
                    "channels": codes_to_text(channels),
                    "program_id": row.get("program_id", "").strip()[:60],
                    "program_name_en": row.get("program_name_en", "").strip()[:400],
                    "program_name_fr": row.get("program_name_fr", "").strip()[:400],
                    "url_en": row.get(
                        "service_uri_en" if layout == "new" else "service_url_en", ""
                    ).strip()[:1000],
                    "url_fr": row.get(
                        "service_uri_fr" if layout == "new" else "service_url_fr", ""
                    ).strip()[:1000],
                },
                "year": year,
            }
        )
    return out


def _read_standards(text, name, problems) -> list[dict]:
    header, records = _rows(text, name, problems)
    if header is None:
        return []
    layout = _layout(header, STANDARDS_NEW, STANDARDS_OLD, name, problems)
    if layout is None:
        return []
    new = layout == "new"
    out = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, values in records:
        if len(values) != len(header):
            problems.add(name, line, f"expected {len(header)} fields, found {len(values)}")
            continue
        row = dict(zip(header, values, strict=True))
        fiscal_year = _fiscal_year(row["fiscal_yr"])
        if fiscal_year is None:
            problems.add(
                name, line, f"fiscal_yr should look like 2023-2024, not {row['fiscal_yr']!r}"
            )
            continue
        service_id = row["service_id"].strip()
        standard_id = row["service_standard_id" if new else "service_std_id"].strip()
        if not service_id or not standard_id:
            problems.add(name, line, "service_id and the standard's id must not be empty")
            continue
        key = (service_id, standard_id, fiscal_year)
        if key in seen:
            problems.add(
                name,
                line,
                f"standard {standard_id} of service {service_id} appears twice for {fiscal_year} (also line {seen[key]})",
            )
            continue
        seen[key] = line
        type_codes = _codes(row["type" if new else "service_std_type"])
        standard_type = type_codes[0] if type_codes else "OTH"
        if standard_type not in ServiceStandard.Type.values:
            problems.add(
                name,
                line,
                f"type should be TML, ACS, ACY or OTH, not {row['type' if new else 'service_std_type']!r}",
            )
            continue
        channel_codes = _codes(row["channel"])
        target_column = "target" if new else "service_std_target"
        target = _fraction(row[target_column], target_column, name, line, problems, percent=not new)
        performance = _fraction(
            row["performance"], "performance", name, line, problems, percent=not new
        )
        if new:
            met = row["target_met"].strip().upper()
            if met not in {"Y", "N", *MISSING}:
                problems.add(
                    name, line, f"target_met should be Y, N or NA, not {row['target_met']!r}"
                )
                continue
            target_met = True if met == "Y" else False if met == "N" else None
        else:
            target_met = None if target is None or performance is None else performance >= target
        out.append(
            {
                "line": line,
                "fiscal_year": fiscal_year,
                "service_id": service_id,
                "standard_id": standard_id[:40],
                "fields": {
                    "text_en": row["service_standard_en" if new else "service_std_en"].strip(),
                    "text_fr": row["service_standard_fr" if new else "service_std_fr"].strip(),
                    "type": standard_type,
                    "channel": ",".join(channel_codes)[:20],
                },
                "performance": {
                    "target": target,
                    "volume_meeting_target": _count(
                        row["volume_meeting_target"], "volume_meeting_target", name, line, problems
                    ),
                    "total_volume": _count(
                        row["total_volume"], "total_volume", name, line, problems
                    ),
                    "performance": performance,
                    "target_met": target_met,
                },
            }
        )
    return out


def _read_choices(text, name, problems) -> list[dict]:
    header, records = _rows(text, name, problems, delimiter=";")
    if header is None:
        return []
    if not _check_columns(header, CHOICES, name, "code list", problems):
        return []
    out = []
    for line, values in records:
        row = dict(zip(header, values, strict=False))
        resource = (row.get("resource_name") or "").strip()
        if not resource or resource.lower().startswith("timestamp"):
            continue  # the export's trailing time stamp and blank lines
        if len(values) != len(header):
            problems.add(name, line, f"expected {len(header)} fields, found {len(values)}")
            continue
        code = row["code"].strip().upper()
        if not code or not row["id"].strip():
            problems.add(name, line, "id and code must not be empty")
            continue
        out.append(
            {
                "resource": resource[:20],
                "field": row["id"].strip()[:60],
                "code": code[:30],
                "label_en": row["en"].strip()[:200],
                "label_fr": row["fr"].strip()[:200] or row["en"].strip()[:200],
            }
        )
    return out


def read_files(files: list[tuple[str, bytes]]) -> ParsedInventory:
    """Decode and validate (name, content) pairs; raise InventoryFileError listing every problem."""
    problems = _Problems()
    parsed = ParsedInventory()
    for name, raw in files:
        try:
            text = decode(raw, name)
        except InventoryFileError as error:
            problems.items.extend(error.problems)
            continue
        kind = sniff(text)
        if kind == "services":
            parsed.services.extend(_read_services(text, name, problems))
        elif kind == "standards":
            parsed.standards.extend(_read_standards(text, name, problems))
        elif kind == "choices":
            parsed.codes.extend(_read_choices(text, name, problems))
        else:
            problems.add(
                name,
                1,
                "not an inventory file: expected the columns of the service inventory "
                "(service_id, service_name_en...), of the service standards "
                "(service_standard_id...) or of the code list (resource_name;id;code;en;fr)",
            )
    if not problems.items:
        known = {s["service_id"] for s in parsed.services}
        unknown = {s["service_id"] for s in parsed.standards} - known
        if unknown:
            in_database = set(
                Service.objects.filter(inventory_id__in=unknown).values_list(
                    "inventory_id", flat=True
                )
            )
            for standard in parsed.standards:
                if standard["service_id"] in unknown - in_database:
                    problems.items.append(
                        f"line {standard['line']}: standard {standard['standard_id']} belongs to service "
                        f"{standard['service_id']}, which is neither in the services file nor already imported"
                    )
    if problems.items:
        raise InventoryFileError(problems.items)
    if parsed.is_empty:
        raise InventoryFileError(["the files hold no rows to import"])
    return parsed


# ---------------------------------------------------------------- writing


def _differs(obj, values: dict) -> bool:
    return any(getattr(obj, name) != value for name, value in values.items())


@transaction.atomic
def apply(parsed: ParsedInventory) -> dict:
    """Write the parsed files. Bulk operations only: a fixed number of queries per table."""
    summary: dict[str, int] = defaultdict(int)

    # Code labels.
    existing_codes = {(c.resource, c.field, c.code): c for c in InventoryCode.objects.all()}
    new_codes, changed_codes = [], []
    for data in parsed.codes:
        key = (data["resource"], data["field"], data["code"])
        labels = {"label_en": data["label_en"], "label_fr": data["label_fr"]}
        if key not in existing_codes:
            new_codes.append(InventoryCode(**data))
            existing_codes[key] = new_codes[-1]
        elif _differs(existing_codes[key], labels):
            for k, v in labels.items():
                setattr(existing_codes[key], k, v)
            changed_codes.append(existing_codes[key])
    InventoryCode.objects.bulk_create(new_codes)
    InventoryCode.objects.bulk_update(changed_codes, ["label_en", "label_fr"])
    summary["codes_created"] = len(new_codes)
    summary["codes_updated"] = len(changed_codes)

    # Organizations, by their inventory key.
    org_names = {}
    for record in parsed.services:
        key, en, fr = record["organization"]
        org_names.setdefault(key, (en, fr))
    # An organization is found by its key (owner_org, or the slug of an older file's
    # department name), else by its English name, so both layouts meet on one row.
    by_slug = Organization.objects.in_bulk(list(org_names), field_name="slug")
    by_name = {
        org.name_lower: org
        for org in Organization.objects.annotate(name_lower=Lower("name_en")).filter(
            name_lower__in=[en.lower() for en, _ in org_names.values()]
        )
    }
    organizations = {}
    missing = []
    for key, (en, fr) in org_names.items():
        found = by_slug.get(key) or by_name.get(en.lower())
        if found is None:
            found = Organization(
                slug=key,
                name_en=en[:250],
                name_fr=fr[:250],
                order_of_government=Organization.Order.FEDERAL,
            )
            missing.append(found)
            by_name[en.lower()] = found
        organizations[key] = found
    Organization.objects.bulk_create(missing)
    summary["organizations_created"] = len(missing)
    if missing and missing[0].pk is None:
        # Databases that do not return ids from bulk inserts: read them back.
        saved = Organization.objects.in_bulk([o.slug for o in missing], field_name="slug")
        organizations = {k: saved.get(o.slug, o) for k, o in organizations.items()}

    # Services: descriptive fields come from each service's latest fiscal year.
    latest: dict[str, dict] = {}
    for record in parsed.services:
        current = latest.get(record["service_id"])
        if current is None or record["fiscal_year"] > current["fiscal_year"]:
            latest[record["service_id"]] = record
    services = Service.objects.in_bulk(list(latest), field_name="inventory_id")
    new_services, changed_services = [], []
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
        elif record["fiscal_year"] >= service.inventory_fiscal_year and _differs(service, values):
            for k, v in values.items():
                setattr(service, k, v)
            changed_services.append(service)
    Service.objects.bulk_create(new_services)
    Service.objects.bulk_update(changed_services, update_fields, batch_size=500)
    summary["services_created"] = len(new_services)
    summary["services_updated"] = len(changed_services)
    all_ids = list(latest) + [s["service_id"] for s in parsed.standards]
    services = Service.objects.in_bulk(all_ids, field_name="inventory_id")

    # Volumes per service and fiscal year.
    years = {
        (y.service_id, y.fiscal_year): y
        for y in ServiceYear.objects.filter(service__inventory_id__in=list(latest))
    }
    new_years, changed_years = [], []
    for record in parsed.services:
        service = services[record["service_id"]]
        year = years.get((service.pk, record["fiscal_year"]))
        if year is None:
            new_years.append(
                ServiceYear(service=service, fiscal_year=record["fiscal_year"], **record["year"])
            )
        elif _differs(year, record["year"]):
            for k, v in record["year"].items():
                setattr(year, k, v)
            changed_years.append(year)
    ServiceYear.objects.bulk_create(new_years, batch_size=500)
    ServiceYear.objects.bulk_update(changed_years, YEAR_FIELDS, batch_size=500)
    summary["service_years_created"] = len(new_years)
    summary["service_years_updated"] = len(changed_years)

    # Standards and their results per fiscal year.
    standard_ids = {s["service_id"] for s in parsed.standards}
    standards = {
        (s.service_id, s.standard_id): s
        for s in ServiceStandard.objects.filter(service__inventory_id__in=list(standard_ids))
    }
    latest_standard: dict[tuple[int, str], dict] = {}
    for record in parsed.standards:
        key = (services[record["service_id"]].pk, record["standard_id"])
        if (
            key not in latest_standard
            or record["fiscal_year"] > latest_standard[key]["fiscal_year"]
        ):
            latest_standard[key] = record
    new_standards, changed_standards = [], []
    for key, record in latest_standard.items():
        standard = standards.get(key)
        if standard is None:
            standard = ServiceStandard(service_id=key[0], standard_id=key[1], **record["fields"])
            new_standards.append(standard)
            standards[key] = standard
        elif _differs(standard, record["fields"]):
            for k, v in record["fields"].items():
                setattr(standard, k, v)
            changed_standards.append(standard)
    ServiceStandard.objects.bulk_create(new_standards, batch_size=500)
    ServiceStandard.objects.bulk_update(
        changed_standards, ["text_en", "text_fr", "type", "channel"], batch_size=500
    )
    summary["standards_created"] = len(new_standards)
    summary["standards_updated"] = len(changed_standards)
    if new_standards and new_standards[0].pk is None:
        # Databases that do not return ids from bulk inserts: read them back.
        standards = {
            (s.service_id, s.standard_id): s
            for s in ServiceStandard.objects.filter(service__inventory_id__in=list(standard_ids))
        }

    performances = {
        (p.standard_id, p.fiscal_year): p
        for p in StandardPerformance.objects.filter(
            standard__service__inventory_id__in=list(standard_ids)
        )
    }
    new_results, changed_results = [], []
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
            for k, v in record["performance"].items():
                setattr(result, k, v)
            changed_results.append(result)
    StandardPerformance.objects.bulk_create(new_results, batch_size=500)
    StandardPerformance.objects.bulk_update(changed_results, PERFORMANCE_FIELDS, batch_size=500)
    summary["results_created"] = len(new_results)
    summary["results_updated"] = len(changed_results)
    return dict(summary)
