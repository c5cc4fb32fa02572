"""Radar chart of an assessment as server-rendered SVG (the same markup on pages and in PDFs).

Each series (current, target, baseline) is a polygon over the attributes'
axes; the data table beside the chart carries the same numbers for
screen-reader users, and the SVG has a title and a description.
"""

import math

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 940, 700
CX, CY = WIDTH / 2, HEIGHT / 2 + 10
RADIUS = 230
FONT = 'font-family="Noto Sans, DejaVu Sans, sans-serif" fill="#333"'
# Distinguished by colour, by line style and by the legend's words.
STYLES = {
    "current": ("#26374a", "none", "0.25"),
    "target": ("#1f6f3a", "6 4", "0"),
    "baseline": ("#a62a1e", "2 3", "0"),
}


def _point(index: int, count: int, value: float, top: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * (value / top if top else 0)
    return CX + r * math.cos(angle), CY + r * math.sin(angle)


def _fmt(x: float, y: float) -> str:
    return f"{x:.1f},{y:.1f}"


def radar_svg(
    *,
    labels: list[str],
    series: dict[str, list[int | None]],
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
                SafeString(FONT),
                level,
            )
            for level in range(1, top + 1)
        ),
    )
    axes = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d6d6d6" stroke-width="1"/>'
        '<text x="{}" y="{}" {} font-size="16" text-anchor="{}" dominant-baseline="middle">{}</text>',
        (
            (
                f"{CX:.1f}", f"{CY:.1f}",
                *(f"{v:.1f}" for v in _point(i, count, top, top)),
                *(f"{v:.1f}" for v in _point(i, count, top * 1.12, top)),
                SafeString(FONT),
                "middle" if abs(_point(i, count, 1, 1)[0] - CX) < 20 else ("start" if _point(i, count, 1, 1)[0] > CX else "end"),
                label if len(label) <= 24 else label[:23] + "…",
            )
            for i, label in enumerate(labels)
        ),
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
                SafeString(FONT),
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


def matrix_svg(opportunities, *, chart_id: str) -> SafeString:
    """Impact (up) against effort (right), each opportunity a numbered dot.

    The numbers match the table beside the chart, which lists every value.
    """
    if not opportunities:
        return SafeString("")
    width, height = 640, 560
    left, top, cell = 90, 30, 96
    grid_size = cell * 5
    quadrants = [
        (left, top, _("Quick wins")),
        (left + grid_size / 2, top, _("Major projects")),
        (left, top + grid_size / 2, _("Fill-ins")),
        (left + grid_size / 2, top + grid_size / 2, _("Hard slogs")),
    ]
    shapes = [
        format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="none"/>'
            '<text x="{}" y="{}" {} font-size="14" font-style="italic">{}</text>',
            f"{x:.0f}",
            f"{y:.0f}",
            f"{grid_size / 2:.0f}",
            f"{grid_size / 2:.0f}",
            "#eef5ea" if label == _("Quick wins") else "#f5f5f5",
            f"{x + 8:.0f}",
            f"{y + 20:.0f}",
            SafeString(FONT),
            label,
        )  # fmt: skip
        for x, y, label in quadrants
    ]
    for i in range(6):
        shapes.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d6d6d6"/>'
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d6d6d6"/>',
                left + i * cell,
                top,
                left + i * cell,
                top + grid_size,
                left,
                top + i * cell,
                left + grid_size,
                top + i * cell,
            )  # fmt: skip
        )
    for value in range(1, 6):
        shapes.append(
            format_html(
                '<text x="{}" y="{}" {} font-size="14" text-anchor="middle">{}</text>'
                '<text x="{}" y="{}" {} font-size="14" text-anchor="end" dominant-baseline="middle">{}</text>',
                f"{left + (value - 0.5) * cell:.0f}",
                top + grid_size + 22,
                SafeString(FONT),
                value,
                left - 10,
                f"{top + (5.5 - value) * cell:.0f}",
                SafeString(FONT),
                value,
            )  # fmt: skip
        )
    shapes.append(
        format_html(
            '<text x="{}" y="{}" {} font-size="15" text-anchor="middle">{}</text>'
            '<text x="22" y="{}" {} font-size="15" text-anchor="middle" transform="rotate(-90 22 {})">{}</text>',
            f"{left + grid_size / 2:.0f}",
            top + grid_size + 48,
            SafeString(FONT),
            _("Effort (1 low – 5 high)"),
            f"{top + grid_size / 2:.0f}",
            SafeString(FONT),
            f"{top + grid_size / 2:.0f}",
            _("Impact (1 low – 5 high)"),
        )  # fmt: skip
    )
    crowd: dict[tuple[int, int], int] = {}
    for number, opportunity in enumerate(opportunities, start=1):
        key = (opportunity.effort, opportunity.impact)
        slot = crowd.get(key, 0)
        crowd[key] = slot + 1
        cx = left + (opportunity.effort - 1) * cell + 24 + (slot % 3) * 24
        cy = top + (5 - opportunity.impact) * cell + 40 + (slot // 3) * 24
        done = opportunity.status == opportunity.Status.DONE
        shapes.append(
            format_html(
                '<g><title>{}</title><circle cx="{}" cy="{}" r="11" fill="{}" stroke="#26374a" stroke-width="2"/>'
                '<text x="{}" y="{}" {} font-size="12" text-anchor="middle" dominant-baseline="central" fill="{}">{}</text></g>',
                f"{number}. {opportunity.title}",
                cx,
                cy,
                "#26374a" if not done else "#fff",
                cx,
                cy,
                SafeString('font-family="Noto Sans, DejaVu Sans, sans-serif"'),
                "#fff" if not done else "#26374a",
                number,
            )  # fmt: skip
        )
    description = "; ".join(
        f"{n}. {o.title}: "
        + _("impact %(impact)s, effort %(effort)s") % {"impact": o.impact, "effort": o.effort}
        for n, o in enumerate(opportunities, start=1)
    )
    return format_html(
        '<svg class="matrix-chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{shapes}</svg>',
        w=width,
        h=height,
        id=chart_id,
        title=_("Priority matrix: impact against effort"),
        desc=description,
        shapes=SafeString("".join(shapes)),
    )
