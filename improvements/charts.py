"""The priority matrix of opportunities (impact against effort), drawn as SVG on the server."""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.charts import FONT, FONT_FAMILY


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
            FONT,
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
                FONT,
                value,
                left - 10,
                f"{top + (5.5 - value) * cell:.0f}",
                FONT,
                value,
            )  # fmt: skip
        )
    shapes.append(
        format_html(
            '<text x="{}" y="{}" {} font-size="15" text-anchor="middle">{}</text>'
            '<text x="22" y="{}" {} font-size="15" text-anchor="middle" transform="rotate(-90 22 {})">{}</text>',
            f"{left + grid_size / 2:.0f}",
            top + grid_size + 48,
            FONT,
            _("Effort (1 low – 5 high)"),
            f"{top + grid_size / 2:.0f}",
            FONT,
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
                FONT_FAMILY,
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
