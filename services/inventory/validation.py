"""Reading every file, then checking what the files say about each other and the database."""

from services.models import CODE_LISTS, InventoryCode, Service

from .reading import InventoryFileError, ParsedInventory, Problems, decode, sniff
from .records import read_choices, read_services, read_standards

NOT_AN_INVENTORY = (
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
        parsed.services.extend(read_services(text, name, problems))
    elif kind == "standards":
        parsed.standards.extend(read_standards(text, name, problems))
    elif kind == "choices":
        parsed.codes.extend(read_choices(text, name, problems))
    else:
        problems.add(name, 1, NOT_AN_INVENTORY)


def _check_standards_have_services(parsed: ParsedInventory, problems: Problems) -> None:
    known = {s["service_id"] for s in parsed.services}
    unknown = {s["service_id"] for s in parsed.standards} - known
    if not unknown:
        return
    in_database = set(
        Service.objects.filter(inventory_id__in=unknown).values_list("inventory_id", flat=True)
    )
    for standard in parsed.standards:
        if standard["service_id"] in unknown - in_database:
            problems.note(
                f"line {standard['line']}: standard {standard['standard_id']} belongs to service "
                f"{standard['service_id']}, which is neither in the services file nor already imported"
            )


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


def _check_codes_are_known(parsed: ParsedInventory, problems: Problems) -> None:
    """A code outside its list is refused, never guessed: the file or the code list is wrong."""
    if not parsed.services:
        return
    known = _known_codes(parsed)
    for record in parsed.services:
        for field, (column, codes) in record["codes"].items():
            unknown = [code for code in codes if code not in known[field]]
            if unknown:
                problems.add(
                    record["file"],
                    record["line"],
                    f"{column} holds the unknown code(s) {', '.join(unknown)}; the code list has "
                    f"{', '.join(sorted(known[field])) or 'none'}. Correct the file, or import "
                    "the code list (dd_choices.csv) that has the code with it",
                )


def read_files(files: list[tuple[str, bytes]]) -> ParsedInventory:
    """Decode and validate (name, content) pairs; raise InventoryFileError listing every problem."""
    problems = Problems()
    parsed = ParsedInventory()
    for name, raw in files:
        _read_one(name, raw, parsed, problems)
    _check_codes_are_known(parsed, problems)
    if not problems.count:
        _check_standards_have_services(parsed, problems)
    if problems.count:
        raise InventoryFileError(problems.listed())
    if parsed.is_empty:
        raise InventoryFileError(["the files hold no rows to import"])
    return parsed
