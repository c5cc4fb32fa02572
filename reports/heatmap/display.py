"""How a heat map is shown: what the cells hold, the order and the page. Which services or
organizations it holds is up to its FilterSet (filters.py)."""

from collections.abc import Mapping
from dataclasses import dataclass

SWITCHES = ("current", "target", "gap", "change", "public")
# The organizations view averages levels, gaps and the public's ratings; a change is per service.
ORGANIZATION_SWITCHES = ("current", "target", "gap", "public")
PAGE_SIZE = 100


@dataclass
class Display:
    # The query parameters it reads (from_query).
    PARAMS = ("switch", "sort", "dir", "page")

    switch: str = "current"
    sort: str = "name"
    descending: bool = False
    page: int = 1

    @classmethod
    def from_query(cls, query: Mapping, *, switches: tuple[str, ...] = SWITCHES) -> "Display":
        # NUL characters cannot reach the database (PostgreSQL refuses them).
        query = {k: str(v).replace("\x00", "") for k, v in query.items()}
        display = cls(
            switch=query.get("switch", "current"),
            sort=query.get("sort", "name")[:60],
            descending=query.get("dir") == "desc",
        )
        if display.switch not in switches:
            display.switch = "current"
        try:
            display.page = max(1, int(query.get("page", "1")))
        except ValueError:
            display.page = 1
        return display
