"""Radar chart of an assessment as server-rendered SVG (the same markup on pages and in PDFs).

Each series (current, target, baseline) is a polygon over the attributes'
axes; the data table beside the chart carries the same numbers for
screen-reader users, and the SVG has a title and a description.
"""

import math

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.charts import FONT

WIDTH, HEIGHT = 940, 700
CX, CY = WIDTH / 2, HEIGHT / 2 + 10
RADIUS = 230
# Axis names wrap at about this many characters a line (16 px text), never cut.
LABEL_WIDTH = 20
LINE_EM = 1.15
# Distinguished by colour, by line style and by the legend's words.
STYLES = {
    "current": ("#26374a", "none", "0.25"),
    "target": ("#1f6f3a", "6 4", "0"),
    "baseline": ("#a62a1e", "2 3", "0"),
    "public": ("#7a4a00", "9 3 2 3", "0"),
}


def _point(index: int, count: int, value: float, top: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * (value / top if top else 0)
    return CX + r * math.cos(angle), CY + r * math.sin(angle)


def _anchor(index: int, count: int) -> str:
    x = _point(index, count, 1, 1)[0]
    return "middle" if abs(x - CX) < 20 else ("start" if x > CX else "end")


def label_lines(label: str, width: int = LABEL_WIDTH) -> list[str]:
    """An attribute's name on as many lines of about ``width`` characters as it needs, broken
    between words: every name is shown whole, in either language."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _axis_label(label: str, x: float, y: float, anchor: str) -> SafeString:
    lines = label_lines(label)
    first = -(len(lines) - 1) / 2 * LINE_EM
    spans = format_html_join(
        "",
        '<tspan x="{}" dy="{}em">{}</tspan>',
        ((f"{x:.1f}", f"{first if n == 0 else LINE_EM:.2f}", line) for n, line in enumerate(lines)),
    )
    return format_html(
        '<text x="{}" y="{}" {} font-size="16" text-anchor="{}" dominant-baseline="middle">{}</text>',
        f"{x:.1f}", f"{y:.1f}", FONT, anchor, spans,
    )  # fmt: skip


def _fmt(x: float, y: float) -> str:
    return f"{x:.1f},{y:.1f}"


def radar_svg(
    *,
    labels: list[str],
    series: dict[str, list[float | None]],
    top: int,
    chart_id: str,
    names: dict[str, str],
) -> SafeString:
    count = len(labels)
    if count < 3:
        return SafeString("")
    rings = format_html_join(
        "",
        '<polygon points="{}" fill="none" stroke="#d6d6d6" stroke-width="1"/>'
        '<text x="{}" y="{}" {} font-size="13" text-anchor="middle">{}</text>',
        (
            (
                " ".join(_fmt(*_point(i, count, level, top)) for i in range(count)),
                f"{CX + 4:.1f}",
                f"{CY - RADIUS * level / top - 3:.1f}",
                FONT,
                level,
            )
            for level in range(1, top + 1)
        ),
    )
    axes = SafeString(
        "".join(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d6d6d6" stroke-width="1"/>',
                f"{CX:.1f}", f"{CY:.1f}", *(f"{v:.1f}" for v in _point(i, count, top, top)),
            )
            + _axis_label(label, *_point(i, count, top * 1.12, top), _anchor(i, count))
            for i, label in enumerate(labels)
        )
    )  # fmt: skip
    shapes = []
    legend = []
    for position, (key, values) in enumerate(series.items()):
        colour, dash, opacity = STYLES[key]
        points = " ".join(_fmt(*_point(i, count, v or 0, top)) for i, v in enumerate(values))
        shapes.append(
            format_html(
                '<polygon points="{}" fill="{}" fill-opacity="{}" stroke="{}" stroke-width="2.5" stroke-dasharray="{}"/>',
                points,
                colour,
                opacity,
                colour,
                dash,
            )  # fmt: skip
        )
        y = 24 + position * 26
        legend.append(
            format_html(
                '<line x1="12" y1="{}" x2="42" y2="{}" stroke="{}" stroke-width="3" stroke-dasharray="{}"/>'
                '<text x="50" y="{}" {} font-size="17" dominant-baseline="middle">{}</text>',
                y,
                y,
                colour,
                dash,
                y,
                FONT,
                names[key],
            )  # fmt: skip
        )
    description = "; ".join(
        f"{label}: "
        + ", ".join(f"{names[k]} {v[i] if v[i] is not None else '–'}" for k, v in series.items())
        for i, label in enumerate(labels)
    )
    return format_html(
        '<svg class="radar-chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{rings}{axes}{shapes}{legend}</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=_("Maturity by attribute"),
        desc=description,
        rings=rings,
        axes=axes,
        shapes=SafeString("".join(shapes)),
        legend=SafeString("".join(legend)),
    )
