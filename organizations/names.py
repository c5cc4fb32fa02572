"""Finding an organization by any of its names.

Open data names a department by its applied title ("Agriculture and Agri-Food Canada"), its
legal title ("Department of Agriculture and Agri-Food"), a former name, an abbreviation or an
inventory code (``aafc-aac``). Names are compared as ``name_key`` writes them (case, accents,
punctuation and the small words "the", "of", "de", "du", "des", "la", "le", "les" aside), and
looked up in order:

1. the other names staff recorded (``OrganizationAlias``, also written by a merge), and each
   organization's short name and names in both languages;
2. the table shipped with the project (``data/federal_organizations.csv``: the federal
   organizations of the GC Service Inventory with their code, their applied titles, and their
   legal titles, former names and abbreviations), whose code then leads to the organization.

Nothing closer than that is guessed: a name found in neither place is a new organization.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .models import Organization, OrganizationAlias

SHIPPED = Path(__file__).resolve().parent / "data" / "federal_organizations.csv"
SMALL_WORDS = {"the", "of", "de", "du", "des", "la", "le", "les", "l", "d"}


def name_key(name: str) -> str:
    """The form names are compared in: "Department of Finance" and "department finance"
    meet; "Finance Canada" stays apart (the shipped table links those)."""
    text = unicodedata.normalize("NFKD", name or "").replace("&", " and ")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = re.split(r"[^0-9a-z]+", text)
    return " ".join(w for w in words if w and w not in SMALL_WORDS)


@dataclass(frozen=True)
class KnownOrganization:
    code: str
    name_en: str
    name_fr: str
    names: tuple[str, ...]  # every name of the row, the code and the titles included


@cache
def shipped() -> dict[str, KnownOrganization]:
    """{name key: the organization} for every name of the shipped table."""
    found: dict[str, KnownOrganization] = {}
    with SHIPPED.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = [row["code"], row["name_en"], row["name_fr"], *row["other_names"].split("|")]
            names = [name.strip() for name in names if name.strip()]
            known = KnownOrganization(row["code"], row["name_en"], row["name_fr"], tuple(names))
            for name in names:
                found.setdefault(name_key(name), known)
    return found


class Directory:
    """Every organization by every name it has in the database (read once, small tables)."""

    def __init__(self) -> None:
        self.by_key: dict[str, Organization] = {}
        for organization in Organization.objects.all():
            for name in (organization.slug, organization.name_en, organization.name_fr):
                self.by_key.setdefault(name_key(name), organization)
        for alias in OrganizationAlias.objects.select_related("organization"):
            self.by_key[alias.key] = alias.organization  # recorded by staff: it wins

    def find(self, *names: str) -> Organization | None:
        for name in names:
            found = self.by_key.get(name_key(name))
            if found is not None:
                return found
        known = known_as(*names)
        if known is not None:
            for other in known.names:
                found = self.by_key.get(name_key(other))
                if found is not None:
                    return found
        return None

    def add(self, organization: Organization) -> None:
        for name in (organization.slug, organization.name_en, organization.name_fr):
            self.by_key.setdefault(name_key(name), organization)


def known_as(*names: str) -> KnownOrganization | None:
    """The shipped table's entry for any of these names."""
    for name in names:
        known = shipped().get(name_key(name))
        if known is not None:
            return known
    return None
