"""The journey's sentiment line as server-rendered SVG (the same markup on pages and in PDFs).

The table beside it carries the same data for screen-reader users; the SVG
also has a title and a description naming every stage's sentiment.

Stage names are written by people, in any script. They are set as HTML under the drawing,
not as SVG text: WeasyPrint draws SVG text one character at a time, which reverses
right-to-left names and leaves Arabic letters unjoined. HTML text is shaped as the table's
is, in the browser and in the PDF, and a long name wraps instead of being cut.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.charts import FONT

if TYPE_CHECKING:
    from .handoffs import HandOffs

WIDTH, HEIGHT = 760, 190
LEFT, RIGHT, TOP, BOTTOM = 120, 30, 20, 10
# Colour follows the sentiment, but the line's height and the labels carry it too.
COLOURS = {-2: "#a62a1e", -1: "#c2470a", 0: "#595959", 1: "#2b8a3e", 2: "#1f6f3a"}


def sentiment_chart(
    stages,
    *,
    chart_id: str,
    embed: Callable[[SafeString], str] | None = None,
    handoffs: "HandOffs | None" = None,
) -> SafeString:
    """The drawing and the names under it; ``embed`` turns the drawing into what the
    document holds (the PDF report embeds it as an image). ``handoffs``, when given, are
    marked as dashed lines between their two stages, and named in the description."""
    if not stages:
        return SafeString("")
    from .models import JourneyStage

    labels = dict(JourneyStage.Sentiment.choices)
    # Points sit inside the grid so the first and last stage names fit.
    inset = 50
    plot_w = WIDTH - LEFT - RIGHT - 2 * inset
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(stages) - 1, 1)

    # Coordinates are formatted here: format_html escapes its arguments into strings.
    def x(i):
        return f"{LEFT + inset + (i * step if len(stages) > 1 else plot_w / 2):.1f}"

    def y(value):
        return f"{TOP + (2 - value) * plot_h / 4:.1f}"

    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"{}/>'
        '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle" {} font-size="12">{}</text>',
        (
            (
                LEFT,
                y(v),
                WIDTH - RIGHT,
                y(v),
                "#7d828b" if v == 0 else "#d6d6d6",
                SafeString(' stroke-dasharray="4 3"') if v == 0 else "",
                LEFT - 8,
                y(v),
                FONT,
                str(labels[v]),
            )  # fmt: skip
            for v in range(2, -3, -1)
        ),
    )
    points = " ".join(f"{x(i)},{y(s.sentiment)}" for i, s in enumerate(stages))
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="7" fill="{}" stroke="#fff" stroke-width="2">'
        "<title>{}: {}</title></circle>",
        (
            (x(i), y(s.sentiment), COLOURS[s.sentiment], s.name, str(labels[s.sentiment]))
            for i, s in enumerate(stages)
        ),
    )
    # Each name is centred under its point on a column no wider than the space between
    # points, nor than twice the room beside the first and last points, so that every name
    # stays inside the drawing's width. The row of names starts under the first column;
    # its widths are shares of that row.
    last = float(x(len(stages) - 1))
    column = min(step if len(stages) > 1 else plot_w, 2 * float(x(0)), 2 * (WIDTH - last))
    first = float(x(0)) - column / 2
    row = WIDTH - first
    names = format_html_join(
        "",
        '<li style="flex: 0 0 {width}%; max-width: {width}%; margin-right: {gap}%">'
        '<span class="sentiment-number">{number}.</span> <bdi dir="auto">{name}</bdi></li>',
        (
            {
                "width": f"{100 * column / row:.3f}",
                "gap": f"{100 * (step - column) / row:.3f}" if len(stages) > 1 else "0",
                "number": i + 1,
                "name": s.name,
            }
            for i, s in enumerate(stages)
        ),
    )
    description = "; ".join(f"{s.name}: {labels[s.sentiment]}" for s in stages)
    index = {stage.pk: i for i, stage in enumerate(stages)}
    crossings = [(index[h.after.pk], h) for h in (handoffs or []) if h.after.pk in index]
    marks = format_html_join(
        "",
        '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="#6f3aa6" stroke-width="2" '
        'stroke-dasharray="6 4"><title>{title}</title></line>',
        (
            {
                "x": f"{(float(x(i - 1)) + float(x(i))) / 2:.1f}",
                "top": TOP,
                "bottom": HEIGHT - BOTTOM,
                "title": _("Hand-off between %(before)s and %(after)s")
                % {"before": h.before.name, "after": h.after.name},
            }
            for i, h in crossings
        ),
    )
    if crossings:
        description += ". " + "; ".join(
            (
                _("Hand-off between %(before)s and %(after)s, where it feels worse")
                if h.drops
                else _("Hand-off between %(before)s and %(after)s")
            )
            % {"before": h.before.name, "after": h.after.name}
            for _i, h in crossings
        )
    drawing = format_html(
        '<svg viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{grid}{marks}"
        '<polyline points="{points}" fill="none" stroke="#26374a" stroke-width="3"/>'
        "{dots}</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=_("How the person feels at each stage"),
        desc=description,
        grid=grid,
        marks=marks,
        points=points,
        dots=dots,
    )
    # The names repeat what the drawing's description says: hidden from screen readers.
    return format_html(
        '<div class="sentiment-chart">{drawing}'
        '<ol class="sentiment-names" aria-hidden="true" style="display: flex; list-style: none; '
        'margin: 0.25em 0 0 {left}%; padding: 0; font-size: 0.875em; text-align: center; overflow-wrap: anywhere">'
        "{names}</ol></div>",
        drawing=embed(drawing) if embed else drawing,
        left=f"{100 * first / WIDTH:.3f}",
        names=names,
    )
