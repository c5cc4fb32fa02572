"""The lines of a change in a history table, written in Python: a history lists hundreds of
changed fields, and a template per line would cost more than the rest of the page."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()

LONGEST = 80  # characters of a value shown; a longer one ends with "…"


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


@register.filter
def change_lines(lines: Iterable[Any]) -> str:
    """A list of "field: before → after", each value escaped and shortened."""
    lines = list(lines or ())
    if not lines:
        return ""
    line = gettext('<span class="change-field">%(label)s</span>: %(before)s → %(after)s')
    items = "".join(
        "<li>"
        + line
        % {
            "label": escape(item.label),
            "before": escape(_short(item.before)),
            "after": escape(_short(item.after)),
        }
        + "</li>"
        for item in lines
    )
    return SafeString(f'<ul class="change-list">{items}</ul>')
