"""Render report HTML to PDF with WeasyPrint, fetching nothing but our own static files."""

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings

STATIC_ROOT = (Path(settings.BASE_DIR) / "static").resolve()
BASE_URL = STATIC_ROOT.as_uri() + "/"


class FetchRefused(ValueError):
    pass


def check_url(url: str) -> None:
    """Allow data: URLs and files inside our static folder; refuse everything else."""
    parsed = urlparse(url)
    if parsed.scheme == "data":
        return
    if parsed.scheme != "file":
        raise FetchRefused(f"refused to fetch {url}: reports use only the platform's own files")
    path = Path(unquote(parsed.path)).resolve()
    if not path.is_relative_to(STATIC_ROOT):
        raise FetchRefused(f"refused to read {path}: outside the static folder")


def _fetcher():
    from weasyprint.urls import URLFetcher

    class RestrictedFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            check_url(url)
            return super().fetch(url, headers)

    return RestrictedFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """(PDF bytes, page count). WeasyPrint is imported here: importing it costs about a second."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).render()
    return document.write_pdf(), len(document.pages)
