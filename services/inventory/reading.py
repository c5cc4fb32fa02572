"""From bytes to rows and cells: decoding, the CSV dialect, which kind of file, cell values.

Nothing here touches the database. Every problem is collected with its file and line, so a
person fixes a file once rather than once per error.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

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
FOUR_PLACES = Decimal("0.0001")
# The largest values the database holds: a count in a 64-bit integer, a fraction in nine
# digits with four after the point.
LARGEST_COUNT = 2**63 - 1
LARGEST_FRACTION = Decimal(10) ** 5


class InventoryFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Rejection:
    """A row left out of the import, with why: its file, its line, the reason (naming any line
    it conflicts with) and its cells as the file gave them."""

    file: str
    line: int
    reason: str
    cells: dict[str, str]

    def __str__(self) -> str:
        return _("%(file)s, line %(line)s: %(reason)s") % {
            "file": self.file,
            "line": self.line,
            "reason": self.reason,
        }


@dataclass
class ParsedInventory:
    """The records of every valid row, and the rows rejected one by one. ``columns`` keeps each
    file's header, so rejected rows can be written back with their original columns."""

    codes: list[dict] = field(default_factory=list)
    services: list[dict] = field(default_factory=list)
    standards: list[dict] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    columns: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.codes or self.services or self.standards or self.rejected)

    def reject(self, record: dict, reason: str) -> None:
        self.rejected.append(Rejection(record["file"], record["line"], reason, record["cells"]))


class Problems:
    """The problems found, each with its file and line: the first KEPT of them, and how many
    there were (a large file of bad rows must not make a status page of millions of lines)."""

    KEPT = 200

    def __init__(self) -> None:
        self.items: list[str] = []
        self.count = 0

    def note(self, text: str) -> None:
        self.count += 1
        if len(self.items) < self.KEPT:
            self.items.append(text)

    def add(self, name: str, line: int | None, message: str) -> None:
        if line:
            self.note(
                _("%(file)s, line %(line)s: %(message)s")
                % {"file": name, "line": line, "message": message}
            )
        else:
            self.note(f"{name}: {message}")

    def listed(self) -> list[str]:
        """The problems kept, and a last line saying how many more there were."""
        more = self.count - len(self.items)
        if more <= 0:
            return list(self.items)
        return [
            *self.items,
            _("… and %(count)s more problem(s), not listed: fix these first") % {"count": more},
        ]


def decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InventoryFileError(
            [
                _(
                    "%(file)s, line %(line)s: the file is not UTF-8 text (byte %(byte)s). "
                    "Save it as UTF-8 (CSV UTF-8) and import it again."
                )
                % {"file": name, "line": line, "byte": error.start}
            ]
        ) from None


def rows(
    text: str, name: str, problems: Problems, delimiter: str = ","
) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """The header, and (line where the record starts, values) for each record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        problems.add(name, None, _("the file is empty"))
        return None, []
    except csv.Error as error:
        problems.add(name, 1, _("the header cannot be read (%(error)s)") % {"error": error})
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
            problems.add(name, start, _("this row cannot be read (%(error)s)") % {"error": error})
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


def check_columns(
    header: list[str], required: set[str], name: str, layout: str, problems: Problems
) -> bool:
    missing = sorted(required - set(header))
    if missing:
        problems.add(
            name,
            1,
            _("missing required column(s) for the %(layout)s layout: %(columns)s")
            % {"layout": layout, "columns": ", ".join(missing)},
        )
        return False
    return True


def layout_of(
    header: list[str], new: set[str], old: set[str], name: str, problems: Problems
) -> str | None:
    """The layout, "new" (2024+) or "old"; None when the file has neither layout's columns."""
    columns = set(header)
    if "owner_org" in columns:
        return "new" if check_columns(header, new, name, "2024+", problems) else None
    if "department_name_en" in columns:
        return "old" if check_columns(header, old, name, _("older"), problems) else None
    # Neither layout: name what the 2024+ layout would need.
    check_columns(header, new, name, "2024+", problems)
    return None


# ---------------------------------------------------------------- cells


def fiscal_year(value: str) -> str | None:
    value = value.strip()
    match = re.fullmatch(r"(\d{4})\s*-\s*(\d{2}|\d{4})", value)
    if not match:
        return None
    start, end = int(match.group(1)), match.group(2)
    end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
    if end_year != start + 1:
        return None
    return f"{start}-{end_year}"


def _not_a_number(column: str, value: str) -> str:
    return _("%(column)s should be a number, NA or ND, not %(value)s") % {
        "column": column,
        "value": repr(value),
    }


def _decimal(
    text: str, value: str, column: str, name: str, line: int, problems: Problems
) -> Decimal | None:
    """``text`` (``value`` as the file gives it, cleaned) as a finite number, or None with the
    problem said: "Infinity" and "NaN" read as numbers, and are none."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        problems.add(name, line, _not_a_number(column, value))
        return None
    return number


def count(value: str, column: str, name: str, line: int, problems: Problems) -> int | None:
    value = (value or "").strip()
    if value.upper() in MISSING:
        return None
    number = _decimal(value.replace(",", "").replace(" ", ""), value, column, name, line, problems)
    if number is None:
        return None
    if number > LARGEST_COUNT:
        problems.add(
            name,
            line,
            _("%(column)s is too large to be a count: %(value)s")
            % {"column": column, "value": repr(value)},
        )
        return None
    if number < 0 or number != number.to_integral_value():
        problems.add(
            name,
            line,
            _("%(column)s should be a whole number of 0 or more, not %(value)s")
            % {"column": column, "value": repr(value)},
        )
        return None
    return int(number)


def fraction(
    value: str, column: str, name: str, line: int, problems: Problems, *, percent: bool
) -> Decimal | None:
    value = (value or "").strip()
    if value.upper() in MISSING:
        return None
    number = _decimal(value.rstrip("%").strip(), value, column, name, line, problems)
    if number is None:
        return None
    if number < 0:
        problems.add(
            name,
            line,
            _("%(column)s should not be negative, not %(value)s")
            % {"column": column, "value": repr(value)},
        )
        return None
    if percent or value.endswith("%"):
        number = number / 100
    if number >= LARGEST_FRACTION:
        problems.add(
            name,
            line,
            _("%(column)s is too large: %(value)s") % {"column": column, "value": repr(value)},
        )
        return None
    return number.quantize(FOUR_PLACES)


def codes(value: str) -> list[str]:
    """Codes of a multi-valued cell ("GNC,RES", "person, ngo"), upper-case, each once."""
    out = []
    for part in re.split(r"[,;]", value or ""):
        code = part.strip().upper().replace(" ", "_")
        if code and code not in MISSING:
            out.append(CODE_ALIASES.get(code, code))
    return sorted(set(out), key=out.index)
