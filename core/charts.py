"""What every server-rendered SVG chart shares.

SVG ``<text>`` does not inherit the page's font in WeasyPrint, so each label names it.
"""

from django.utils.safestring import SafeString

FONT_FAMILY = SafeString('font-family="Noto Sans, DejaVu Sans, sans-serif"')
FONT = SafeString(f'{FONT_FAMILY} fill="#333"')
