"""A service standard's results by fiscal year as server-rendered SVG: one bar per year against
the year's target, in the manner of a bullet chart.

Years run down the chart, oldest first, so a standard with seven or eight years of results keeps
the same scale and readable labels on a phone; the chart only grows taller. The standards table
below the charts carries the same numbers for screen-reader users, and each SVG has a title and
a description naming every year's result and target.
"""

from collections.abc import Iterable

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.charts import FONT, FONT_FAMILY

from .models import StandardPerformance

WIDTH = 400
# Year labels on the left, each year's result in words on the right.
LEFT, RIGHT, TOP, ROW, BAR, AXIS = 88, 66, 36, 30, 18, 30
PLOT_WIDTH = WIDTH - LEFT - RIGHT
RESULT_COLOUR = "#26374a"
# The target differs from the bars by shape (a dashed line, outlined in white where it
# crosses a bar) and by the legend's words, not only by colour.
TARGET_COLOUR, TARGET_DASH = "#1f6f3a", "5 3"
MUTED = "#545454"


def _x(fraction) -> float:
    """Where a fraction falls on the plot, kept within 0..100 % for drawing."""
    return LEFT + PLOT_WIDTH * min(max(float(fraction), 0.0), 1.0)


def _description(years: list[StandardPerformance]) -> str:
    return "; ".join(
        _("%(year)s: result %(result)s, target %(target)s")
        % {
            "year": p.fiscal_year,
            "result": p.performance_percent or _("not reported"),
            "target": p.target_percent or _("not reported"),
        }
        for p in years
    )


def _legend(years: list[StandardPerformance]) -> SafeString:
    result_label = _("Result")
    legend = format_html(
        '<rect x="{}" y="7" width="14" height="14" fill="{}"/>'
        '<text x="{}" y="14" {} font-size="15" dominant-baseline="middle">{}</text>',
        LEFT, RESULT_COLOUR, LEFT + 20, FONT, result_label,
    )  # fmt: skip
    targets = {p.target for p in years if p.target is not None}
    if not targets:
        return legend
    target_label = _("Target")
    if len(targets) == 1:
        # One target for every year: say it once rather than leave the reader to read the axis.
        target = next(p.target_percent for p in years if p.target is not None)
        target_label = _("Target: %(target)s") % {"target": target}
    # SVG text cannot be measured here; 0.6 em a character leaves room for the widest words.
    target_x = LEFT + 20 + len(result_label) * 15 * 0.6 + 24
    return legend + format_html(
        '<line x1="{}" y1="4" x2="{}" y2="24" stroke="{}" stroke-width="3" stroke-dasharray="{}"/>'
        '<text x="{}" y="14" {} font-size="15" dominant-baseline="middle">{}</text>',
        f"{target_x:.0f}", f"{target_x:.0f}", TARGET_COLOUR, TARGET_DASH,
        f"{target_x + 8:.0f}", FONT, target_label,
    )  # fmt: skip


def _grid(bottom: int) -> SafeString:
    return format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>{}',
        (
            (
                f"{_x(level / 100):.1f}", TOP - 4, f"{_x(level / 100):.1f}", bottom,
                "#7d828b" if level == 0 else "#d6d6d6",
                format_html(
                    '<text x="{}" y="{}" {} font-size="14" text-anchor="middle">{}</text>',
                    f"{_x(level / 100):.1f}", bottom + 19, FONT, f"{level}\u00a0%",
                )
                if level % 50 == 0
                else "",
            )
            for level in (0, 25, 50, 75, 100)
        ),
    )  # fmt: skip


def _year(p: StandardPerformance, top: float) -> SafeString:
    """One year's row: its label, its bar or the words saying there is none, its target."""
    middle = f"{top + ROW / 2:.1f}"
    parts = [
        format_html(
            '<text class="year" x="{}" y="{}" {} font-size="15" text-anchor="end" '
            'dominant-baseline="middle">{}</text>',
            LEFT - 8,
            middle,
            FONT,
            p.fiscal_year,
        )
    ]
    if p.performance is not None:
        # A result of 0 % keeps a sliver on the axis, so it never reads as a missing year.
        length = max(_x(p.performance) - LEFT, 2)
        parts.append(
            format_html(
                '<rect class="result" x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{}: {}</title></rect>"
                '<text class="value" x="{}" y="{}" {} font-size="15" font-weight="700" '
                'text-anchor="end" dominant-baseline="middle">{}</text>',
                LEFT,
                f"{top + (ROW - BAR) / 2:.1f}",
                f"{length:.1f}",
                BAR,
                RESULT_COLOUR,
                p.fiscal_year,
                p.performance_percent,
                WIDTH - 2,
                middle,
                FONT,
                p.performance_percent,
            )
        )
    if p.target is not None:
        line = format_html(
            'x1="{x}" y1="{y1}" x2="{x}" y2="{y2}"',
            x=f"{_x(p.target):.1f}",
            y1=f"{top + 2:.1f}",
            y2=f"{top + ROW - 2:.1f}",
        )
        parts.append(
            format_html(
                '<g class="target"><title>{}</title><line {} stroke="#fff" stroke-width="7"/>'
                '<line {} stroke="{}" stroke-width="3" stroke-dasharray="{}"/></g>',
                _("%(year)s: target %(target)s")
                % {"year": p.fiscal_year, "target": p.target_percent},
                line,
                line,
                TARGET_COLOUR,
                TARGET_DASH,
            )
        )
    if p.performance is None:
        # After the target, outlined in white, so a low target never hides the words.
        parts.append(
            format_html(
                '<text class="no-result" x="{}" y="{}" {} font-size="14" font-style="italic" '
                'fill="{}" stroke="#fff" stroke-width="4" paint-order="stroke" '
                'dominant-baseline="middle">{}</text>',
                LEFT + 6,
                middle,
                FONT_FAMILY,
                MUTED,
                _("not reported"),
            )
        )
    return SafeString("".join(parts))


def performance_svg(
    performances: Iterable[StandardPerformance], *, chart_id: str, name: str
) -> SafeString:
    """Bars of the standard's result in each fiscal year, oldest first, against its target.

    A year without a result is a gap labelled "not reported", never a bar at zero.
    """
    years = sorted(performances, key=lambda p: p.fiscal_year)
    if not years:
        return SafeString("")
    bottom = TOP + ROW * len(years)
    rows = SafeString("".join(_year(p, TOP + i * ROW) for i, p in enumerate(years)))
    return format_html(
        '<svg class="standard-chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{legend}{grid}{rows}</svg>",
        w=WIDTH,
        h=bottom + AXIS,
        id=chart_id,
        title=_("%(standard)s: result by fiscal year against the target") % {"standard": name},
        desc=_description(years),
        legend=_legend(years),
        grid=_grid(bottom),
        rows=rows,
    )
