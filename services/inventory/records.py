"""Rows of each kind of file (services, standards, code list) to normalised records.

A record keeps its file, its line and its cells, so that later checks can name it and a
rejected row can be written back as it was. What makes a file unreadable (its columns, a row's
number of fields, a number or a fiscal year that cannot be read) is a problem of the file; what
is wrong with one row's content (an empty id, an unknown type) rejects that row only.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from organizations.models import Organization
from services.models import InventoryCode, Service, ServiceStandard

from .reading import (
    CHOICES,
    MISSING,
    SERVICES_NEW,
    SERVICES_OLD,
    STANDARDS_NEW,
    STANDARDS_OLD,
    ParsedInventory,
    Problems,
    Rejection,
    check_columns,
    codes,
    count,
    fiscal_year,
    fraction,
    layout_of,
    rows,
)

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


def _organization(row: dict, layout: str) -> tuple[str, str, str]:
    if layout == "new":
        key = row["owner_org"].strip().lower()
        title = row.get("owner_org_title", "")
        name_en, _, name_fr = title.partition("|")
        return key, name_en.strip() or key, name_fr.strip() or name_en.strip() or key
    name_en = row["department_name_en"].strip()
    name_fr = row["department_name_fr"].strip() or name_en
    return slugify(name_en)[:80], name_en, name_fr


def _limit(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def too_long(cells: list[tuple[str, str, int]]) -> str:
    """Why a row is refused when a cell is longer than the field it is kept in, or "": a cell
    is never cut, so a name is never kept other than as the file gives it."""
    for column, value, limit in cells:
        if len(value) > limit:
            return _("%(column)s is %(length)s characters long; the limit is %(limit)s") % {
                "column": column,
                "length": number_format(len(value), force_grouping=True),
                "limit": number_format(limit, force_grouping=True),
            }
    return ""


def _row(
    header: list[str], values: list[str], name: str, line: int, problems: Problems
) -> dict[str, str] | None:
    """The row as a dict of its columns, or None when it has the wrong number of fields."""
    if len(values) != len(header):
        problems.add(name, line, _wrong_field_count(header, values))
        return None
    return dict(zip(header, values, strict=True))


def _wrong_field_count(header: list[str], values: list[str]) -> str:
    return _("expected %(expected)s fields, found %(found)s") % {
        "expected": len(header),
        "found": len(values),
    }


def _year_of(row: dict, name: str, line: int, problems: Problems) -> str | None:
    year = fiscal_year(row["fiscal_yr"])
    if year is None:
        problems.add(
            name,
            line,
            _("fiscal_yr should look like 2023-2024, not %(value)s")
            % {"value": repr(row["fiscal_yr"])},
        )
    return year


def _service_key(row: dict, year: str) -> tuple[tuple[str, str] | None, str]:
    """(service id, fiscal year) of a services row, or None with the reason it is rejected."""
    service_id = row["service_id"].strip()
    if not service_id:
        return None, _("service_id is empty")
    if not row["service_name_en"].strip():
        return None, _("service_name_en is empty")
    return (service_id, year), ""


def _volumes(
    row: dict, layout: str, name: str, line: int, problems: Problems
) -> tuple[dict, list[str]]:
    """The year's volumes, and the channels they show the service is used through (an
    application volume above zero, or phone enquiries above zero)."""
    year: dict = {}
    channels = []
    new = layout == "new"
    for column, target, channel in VOLUMES_NEW if new else VOLUMES_OLD:
        year[target] = count(row.get(column, ""), column, name, line, problems)
        if year[target]:
            channels.append(channel)
    phone_column = "num_phone_enquiries" if new else "calls_received"
    visits_column = "num_website_visits" if new else "web_visits_info_service"
    total_column = "num_applications_total"
    year["phone_enquiries"] = count(row.get(phone_column, ""), phone_column, name, line, problems)
    year["website_visits"] = count(row.get(visits_column, ""), visits_column, name, line, problems)
    year["applications_total"] = (
        count(row.get(total_column, ""), total_column, name, line, problems) if new else None
    )
    if year["phone_enquiries"] and "TEL" not in channels:
        channels.append("TEL")
    return year, channels


def _service_codes(
    row: dict, layout: str, from_volumes: list[str]
) -> tuple[dict[str, tuple[str, list]], bool]:
    """{field of the service: (the column its codes come from, the codes)}, and whether the
    channels were inferred from the volumes: only when the file names none (the 2024+ layout
    has no channel column; older files often hold ND there)."""
    scope = "service_scope" if layout == "new" else "external_internal"
    given = codes(row.get("service_channels", ""))
    return {
        "client_segments": ("client_target_groups", codes(row.get("client_target_groups", ""))),
        "service_types": ("service_type", codes(row.get("service_type", ""))),
        "service_scope": (scope, codes(row.get(scope, ""))),
        "channels": ("service_channels", given or from_volumes),
    }, not given and bool(from_volumes)


def _service_columns(layout: str) -> dict[str, str]:
    """{field of the service: the column it is read from}."""
    new = layout == "new"
    return {
        "name_en": "service_name_en",
        "name_fr": "service_name_fr",
        "description_en": "service_description_en",
        "description_fr": "service_description_fr",
        "program_id": "program_id",
        "program_name_en": "program_name_en",
        "program_name_fr": "program_name_fr",
        "url_en": "service_uri_en" if new else "service_url_en",
        "url_fr": "service_uri_fr" if new else "service_url_fr",
    }


def _service_fields(row: dict, layout: str) -> tuple[dict, str]:
    """The service's fields as the row gives them, and why the row is refused ("" when it is
    not): a value longer than its field."""
    columns = _service_columns(layout)
    fields = {field: row.get(column, "").strip() for field, column in columns.items()}
    limited = [
        (columns[field], value, limit)
        for field, value in fields.items()
        if (limit := _limit(Service, field))
    ]
    return fields, too_long(limited)


def _organization_problem(row: dict, layout: str, organization: tuple[str, str, str]) -> str:
    key, name_en, name_fr = organization
    key_column = "owner_org" if layout == "new" else "department_name_en"
    name_columns = ("owner_org_title",) * 2 if layout == "new" else (
        "department_name_en", "department_name_fr")  # fmt: skip
    if layout == "new":
        cells = [(key_column, key, _limit(Organization, "slug"))]
    else:
        cells = []  # the key is made from the English name, which is checked below
    cells += [
        (name_columns[0], name_en, _limit(Organization, "name_en")),
        (name_columns[1], name_fr, _limit(Organization, "name_fr")),
    ]
    return too_long(cells)


def read_services(text: str, name: str, problems: Problems, parsed: ParsedInventory) -> None:
    header, records = rows(text, name, problems)
    if header is None:
        return
    layout = layout_of(header, SERVICES_NEW, SERVICES_OLD, name, problems)
    if layout is None:
        return
    parsed.columns[name] = header
    for line, values in records:
        row = _row(header, values, name, line, problems)
        if not row:
            continue
        year = _year_of(row, name, line, problems)
        volumes, channels = _volumes(row, layout, name, line, problems)
        if year is None:
            continue
        key, reason = _service_key(row, year)
        organization = _organization(row, layout)
        fields, fields_reason = _service_fields(row, layout)
        if key and not organization[0]:
            key, reason = None, _("the owner organization is empty")
        if key:
            reason = (
                too_long([("service_id", key[0], _limit(Service, "inventory_id"))])
                or fields_reason
                or _organization_problem(row, layout, organization)
            )
            key = None if reason else key
        if key is None:
            parsed.rejected.append(Rejection(name, line, reason, row))
            continue
        service_codes, channels_inferred = _service_codes(row, layout, channels)
        parsed.services.append(
            {
                "file": name,
                "line": line,
                "cells": row,
                "fiscal_year": key[1],
                "service_id": key[0],
                "organization": organization,
                "fields": {**fields, "channels_inferred": channels_inferred},
                "codes": service_codes,
                "year": volumes,
            }
        )


def _standard_key(row: dict, new: bool, year: str) -> tuple[tuple[str, str, str] | None, str]:
    """(service id, standard id, fiscal year) of a standards row, or None with the reason it
    is rejected."""
    service_id = row["service_id"].strip()
    standard_id = row["service_standard_id" if new else "service_std_id"].strip()
    if not service_id or not standard_id:
        return None, _("service_id and the standard's id must not be empty")
    return (service_id, standard_id, year), ""


def _standard_type(row: dict, new: bool) -> tuple[str | None, str]:
    column = "type" if new else "service_std_type"
    type_codes = codes(row[column])
    standard_type = type_codes[0] if type_codes else "OTH"
    if standard_type not in ServiceStandard.Type.values:
        return None, _("type should be TML, ACS, ACY or OTH, not %(value)s") % {
            "value": repr(row[column])
        }
    return standard_type, ""


def _target_met(
    row: dict, new: bool, target: Decimal | None, performance: Decimal | None
) -> tuple[bool | None, str]:
    """Whether the target was met (None when unknown), and the reason the cell is rejected."""
    if not new:
        met = None if target is None or performance is None else performance >= target
        return met, ""
    met = row["target_met"].strip().upper()
    if met not in {"Y", "N", *MISSING}:
        return None, _("target_met should be Y, N or NA, not %(value)s") % {
            "value": repr(row["target_met"])
        }
    return (True if met == "Y" else False if met == "N" else None), ""


def _standard_record(
    row: dict, new: bool, year: str, name: str, line: int, problems: Problems
) -> tuple[dict | None, str]:
    """The record of a standards row, or None with the reason it is rejected (the reason is
    empty when the row has a problem of the file instead)."""
    target_column = "target" if new else "service_std_target"
    target = fraction(row[target_column], target_column, name, line, problems, percent=not new)
    performance = fraction(row["performance"], "performance", name, line, problems, percent=not new)
    volume_meeting = count(
        row["volume_meeting_target"], "volume_meeting_target", name, line, problems
    )
    volume = count(row["total_volume"], "total_volume", name, line, problems)
    key, reason = _standard_key(row, new, year)
    standard_type, type_reason = _standard_type(row, new)
    target_met, met_reason = _target_met(row, new, target, performance)
    channel = ",".join(codes(row["channel"]))
    length_reason = too_long(
        [
            ("service_standard_id" if new else "service_std_id", key[1] if key else "",
             _limit(ServiceStandard, "standard_id")),
            ("channel", channel, _limit(ServiceStandard, "channel")),
        ]
    )  # fmt: skip
    reason = reason or type_reason or met_reason or length_reason
    if key is None or reason:
        return None, reason
    return {
        "file": name,
        "line": line,
        "cells": row,
        "fiscal_year": key[2],
        "service_id": key[0],
        "standard_id": key[1],
        "fields": {
            "text_en": row["service_standard_en" if new else "service_std_en"].strip(),
            "text_fr": row["service_standard_fr" if new else "service_std_fr"].strip(),
            "type": standard_type,
            "channel": channel,
        },
        "performance": {
            "target": target,
            "volume_meeting_target": volume_meeting,
            "total_volume": volume,
            "performance": performance,
            "target_met": target_met,
        },
    }, ""


def read_standards(text: str, name: str, problems: Problems, parsed: ParsedInventory) -> None:
    header, records = rows(text, name, problems)
    if header is None:
        return
    layout = layout_of(header, STANDARDS_NEW, STANDARDS_OLD, name, problems)
    if layout is None:
        return
    parsed.columns[name] = header
    new = layout == "new"
    for line, values in records:
        row = _row(header, values, name, line, problems)
        if not row:
            continue
        year = _year_of(row, name, line, problems)
        if year is None:
            continue
        record, reason = _standard_record(row, new, year, name, line, problems)
        if record:
            parsed.standards.append(record)
        elif reason:
            parsed.rejected.append(Rejection(name, line, reason, row))


def read_choices(text: str, name: str, problems: Problems) -> list[dict]:
    header, records = rows(text, name, problems, delimiter=";")
    if header is None:
        return []
    if not check_columns(header, CHOICES, name, _("code list"), problems):
        return []
    out = []
    for line, values in records:
        row = dict(zip(header, values, strict=False))
        resource = (row.get("resource_name") or "").strip()
        if not resource or resource.lower().startswith("timestamp"):
            continue  # the export's trailing time stamp and blank lines
        if len(values) != len(header):
            problems.add(name, line, _wrong_field_count(header, values))
            continue
        code = row["code"].strip().upper()
        if not code or not row["id"].strip():
            problems.add(name, line, _("id and code must not be empty"))
            continue
        record = {
            "resource": resource,
            "field": row["id"].strip(),
            "code": code,
            "label_en": row["en"].strip(),
            "label_fr": row["fr"].strip() or row["en"].strip(),
        }
        columns = {"resource": "resource_name", "field": "id", "code": "code",
                   "label_en": "en", "label_fr": "fr"}  # fmt: skip
        if problem := too_long(
            [(columns[f], v, _limit(InventoryCode, f)) for f, v in record.items()]
        ):
            problems.add(name, line, problem)
            continue
        out.append(record)
    return out
