"""The pages a signed-in person reaches by following links, as a person would.

Starting from the home page, every link of the site is followed (breadth first), once per
kind of page (its URL name): one page of each kind, with what it shows at demo scale. Links
that are not pages (downloads, the language toggle, signing out, the API, the Django admin)
are left aside.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve

HREF = re.compile(r'href="([^"]+)"')
NOT_PAGES = re.compile(
    r"^(logout|api:.*|reports:download|services:inventory_import_progress|reports:progress"
    r"|.*export.*|admin:.*|catalogue:.*_export)$"
)


def _name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def crawl(client, start: str = "/en/", limit: int = 80) -> list[tuple[str, str]]:
    """(URL name, path) of each kind of page reachable from ``start``, in the order found."""
    language = start.strip("/").split("/", 1)[0]
    seen_names: dict[str, str] = {}
    queue = deque([start])
    visited = set()
    while queue and len(seen_names) < limit:
        path = queue.popleft()
        if path in visited:
            continue
        visited.add(path)
        name = _name(urlsplit(path).path)
        if name is None or NOT_PAGES.match(name) or name in seen_names:
            continue
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        seen_names[name] = path
        for href in HREF.findall(response.content.decode()):
            link = urldefrag(href.replace("&amp;", "&"))[0]
            if link.startswith(f"/{language}/") and link not in visited:
                queue.append(link)
    return list(seen_names.items())
