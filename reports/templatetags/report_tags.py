from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def css_string(value) -> str:
    """Text safe inside a double-quoted CSS string (page headers and footers of reports)."""
    text = str(value)
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\<>' or ord(ch) < 32 else ch for ch in text)
    return mark_safe(escaped)  # noqa: S308 - every character that could end the string is escaped
