"""What the tables written in Python share (a template per cell resolved the same
translations, URL and formats once a row, more than the rest of a page cost): the dash of an
empty cell, the columns' names for the stacked layout of small screens, and URLs reversed
once a page."""

from uuid import UUID

from django.urls import reverse
from django.utils.html import escape

DASH = "—"
ANY_UUID = UUID(int=0)


def column_labels(**texts: str) -> dict[str, str]:
    """The columns' names (already translated), escaped for ``data-label`` attributes."""
    return {key: escape(text) for key, text in texts.items()}


def url_pattern(name: str, *fixed: object, last: object = ANY_UUID) -> str:
    """The URL of a view, its arguments ``fixed`` then one that changes a row, with "{}" where
    that one goes (``last`` is a value its converter accepts): reversed once a page."""
    return reverse(name, args=[*fixed, last]).replace(str(last), "{}")
