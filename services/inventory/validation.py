"""Reading every file, then checking what the files say about each other and the database.

A problem of a file (its encoding, its columns, a row that cannot be read) refuses every file.
A problem of a row (it conflicts with another row for the same key and year, it names an
unknown code or a service that is not there) rejects that row, with the reason, and leaves the
others to import.
"""

from collections import defaultdict
from collections.abc import Callable

from django.utils.translation import gettext as _

from services.models import CODE_LISTS, InventoryCode, Service

from .reading import InventoryFileError, ParsedInventory, Problems, decode, kind_of, sniff
from .records import read_choices, read_services, read_standards


def _not_an_inventory() -> str:
    return _(
        "not an inventory file: expected the columns of the service inventory "
        "(service_id, service_name_en...), of the service standards "
        "(service_standard_id...) or of the code list (resource_name;id;code;en;fr)"
    )


def _read_one(name: str, raw: bytes, parsed: ParsedInventory, problems: Problems) -> None:
    try:
        text = decode(raw, name)
    except InventoryFileError as error:
        for problem in error.problems:
            problems.note(problem)
        return
    kind = sniff(text)
    if kind == "services":
        read_services(text, name, problems, parsed)
    elif kind == "standards":
        read_standards(text, name, problems, parsed)
    elif kind == "choices":
        parsed.codes.extend(read_choices(text, name, problems))
    else:
        problems.add(name, 1, _not_an_inventory())


def _where(record: dict, beside: dict) -> str:
    """How a rejected row names another: by its line, and its file when it is another file."""
    if record["file"] == beside["file"]:
        return _("line %(line)s") % {"line": record["line"]}
    return _("%(file)s, line %(line)s") % {"file": record["file"], "line": record["line"]}


def _drop_conflicts(
    parsed: ParsedInventory,
    records: list[dict],
    key: Callable[[dict], tuple],
    content: Callable[[dict], tuple],
    describe: Callable[[tuple], str],
) -> tuple[list[dict], set[tuple]]:
    """The records without those whose key (an id and a fiscal year) is given by rows that
    differ: all of those are rejected together, naming each other, as neither can be trusted
    over the other. A row repeated identically counts once. Returns the records kept and the
    conflicting keys."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for record in records:
        groups[key(record)].append(record)
    kept, conflicting = [], set()
    for group_key, group in groups.items():
        if len({content(r) for r in group}) == 1:
            kept.append(group[0])
            continue
        conflicting.add(group_key)
        for record in group:
            others = ", ".join(_where(other, record) for other in group if other is not record)
            parsed.reject(
                record,
                _(
                    "%(what)s is given differently on another row for the same fiscal year "
                    "(%(others)s); none of these rows is imported"
                )
                % {"what": describe(group_key), "others": others},
            )
    kept.sort(key=lambda r: (r["file"], r["line"]))
    return kept, conflicting


def _service_key(record: dict) -> tuple:
    return record["service_id"], record["fiscal_year"]


def _standard_key(record: dict) -> tuple:
    return record["service_id"], record["standard_id"], record["fiscal_year"]


def _drop_conflicting_rows(parsed: ParsedInventory) -> set[tuple]:
    """Rejects conflicting services and standards; returns the (service, year) in conflict."""
    parsed.services, conflicting = _drop_conflicts(
        parsed,
        parsed.services,
        _service_key,
        lambda r: (r["organization"], repr(r["fields"]), repr(r["codes"]), repr(r["year"])),
        lambda k: _("service %(id)s in %(year)s") % {"id": k[0], "year": k[1]},
    )
    parsed.standards, _conflicts = _drop_conflicts(
        parsed,
        parsed.standards,
        _standard_key,
        lambda r: (repr(r["fields"]), repr(r["performance"])),
        lambda k: (
            _("standard %(standard)s of service %(id)s in %(year)s")
            % {"standard": k[1], "id": k[0], "year": k[2]}
        ),
    )
    return conflicting


def _known_codes(parsed: ParsedInventory) -> dict[str, set[str]]:
    """{field of a service: the codes of its list}, in the database or in the code list file."""
    by_list = {code_list: field for field, code_list in CODE_LISTS.items()}
    known: dict[str, set[str]] = {field: set() for field in CODE_LISTS}
    in_database = InventoryCode.objects.filter(
        resource__in={r for r, _ in CODE_LISTS.values()},
        field__in={f for _, f in CODE_LISTS.values()},
    ).values_list("resource", "field", "code")
    in_file = ((c["resource"], c["field"], c["code"]) for c in parsed.codes)
    for resource, list_name, code in [*in_database, *in_file]:
        field = by_list.get((resource, list_name))
        if field is not None:
            known[field].add(code)
    return known


def _reject_unknown_codes(parsed: ParsedInventory) -> None:
    """A code outside its list is refused, never guessed: the file or the code list is wrong."""
    if not parsed.services:
        return
    known = _known_codes(parsed)
    kept = []
    for record in parsed.services:
        reasons = []
        for field, (column, codes) in record["codes"].items():
            unknown = [code for code in codes if code not in known[field]]
            if unknown:
                reasons.append(
                    _(
                        "%(column)s holds the unknown code(s) %(codes)s; the code list has "
                        "%(known)s. Correct the file, or import the code list (dd_choices.csv) "
                        "that has the code with it"
                    )
                    % {
                        "column": column,
                        "codes": ", ".join(unknown),
                        "known": ", ".join(sorted(known[field])) or _("none"),
                    }
                )
        if reasons:
            parsed.reject(record, "; ".join(reasons))
        else:
            kept.append(record)
    parsed.services = kept


def _reject_standards_without_service(
    parsed: ParsedInventory, conflicting: set[tuple], rejected_services: dict[str, dict]
) -> None:
    """A standard is imported with its service, from the services file or the database."""
    known = {s["service_id"] for s in parsed.services}
    unknown = {s["service_id"] for s in parsed.standards} - known
    in_database = set(
        Service.objects.filter(inventory_id__in=unknown).values_list("inventory_id", flat=True)
    )
    kept = []
    for standard in parsed.standards:
        service_id = standard["service_id"]
        if (service_id, standard["fiscal_year"]) in conflicting:
            parsed.reject(
                standard,
                _(
                    "its service %(id)s is given differently on several rows for %(year)s, so "
                    "which service it belongs to is not known"
                )
                % {"id": service_id, "year": standard["fiscal_year"]},
            )
        elif service_id in unknown - in_database and service_id in rejected_services:
            parsed.reject(
                standard,
                _("its service %(id)s is not imported: its row (%(where)s) was rejected")
                % {"id": service_id, "where": _where(rejected_services[service_id], standard)},
            )
        elif service_id in unknown - in_database:
            parsed.reject(
                standard,
                _(
                    "standard %(standard)s belongs to service %(id)s, which is neither in the "
                    "services file nor already imported"
                )
                % {"standard": standard["standard_id"], "id": service_id},
            )
        else:
            kept.append(standard)
    parsed.standards = kept


def _rejected_services(parsed: ParsedInventory) -> dict[str, dict]:
    """{service id: a rejected row of the services files giving it}."""
    services_files = {n for n, header in parsed.columns.items() if kind_of(header) == "services"}
    found: dict[str, dict] = {}
    for rejection in parsed.rejected:
        service_id = rejection.cells.get("service_id", "").strip()
        if rejection.file in services_files and service_id:
            found.setdefault(service_id, {"file": rejection.file, "line": rejection.line})
    return found


def read_files(files: list[tuple[str, bytes]]) -> ParsedInventory:
    """Decode and check (name, content) pairs. A problem of a file raises InventoryFileError
    listing every such problem; rows with a problem of their own are in ``rejected``."""
    problems = Problems()
    parsed = ParsedInventory()
    for name, raw in files:
        _read_one(name, raw, parsed, problems)
    if problems.count:
        raise InventoryFileError(problems.listed())
    conflicting = _drop_conflicting_rows(parsed)
    _reject_unknown_codes(parsed)
    _reject_standards_without_service(parsed, conflicting, _rejected_services(parsed))
    order = {name: index for index, (name, _raw) in enumerate(files)}
    parsed.rejected.sort(key=lambda r: (order.get(r.file, 0), r.line))
    if parsed.is_empty:
        raise InventoryFileError([_("the files hold no rows to import")])
    return parsed
