"""The assessment and results pages' tables, written in Python (core.tables)."""

from collections.abc import Iterable

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.tables import DASH, column_labels, url_pattern

from .models import Assessment, AttributeScore
from .results import PersonaRow, PublicView

_KEY = "attribute-key"  # any key: only its place in the URL is used


def _level(value: int | None) -> str:
    return DASH if value is None else str(value)


def score_rows(assessment: Assessment, scores: Iterable[AttributeScore]) -> SafeString:
    """One row an attribute: its name linking to its scoring page (and "to score" until it is
    scored), the current, target and (with a baseline) baseline levels, the confidence and the
    last change; the cells carry their column's name for the stacked layout of small screens."""
    label = column_labels(
        attribute=gettext("Attribute"),
        current=gettext("Current"),
        target=gettext("Target"),
        baseline=gettext("Baseline"),
        confidence=gettext("Confidence"),
        change=gettext("Last change"),
    )
    to_score = f' <span class="badge status-draft">{escape(gettext("to score"))}</span>'
    url = url_pattern("assessments:score", assessment.uuid, last=_KEY)
    with_baseline = assessment.baseline_id is not None
    rows = []
    for score in scores:
        href = escape(url.format(score.attribute.key))
        name = conditional_escape(score.attribute.name)
        if score.updated_at:
            moment = formats.date_format(
                timezone.localtime(score.updated_at), "SHORT_DATETIME_FORMAT"
            )
            change = f"{escape(score.updated_by or DASH)}, {escape(moment)}"
        else:
            change = DASH
        baseline = (
            f'<td data-label="{label["baseline"]}" class="num">'
            f"{_level(getattr(score, 'baseline', None))}</td>"
            if with_baseline
            else ""
        )
        rows.append(
            f'<tr><th scope="row" data-label="{label["attribute"]}"><a href="{href}">{name}</a>'
            f"{'' if score.is_scored else to_score}</th>"
            f'<td data-label="{label["current"]}" class="num">{_level(score.current_level)}</td>'
            f'<td data-label="{label["target"]}" class="num">{_level(score.target_level)}</td>'
            f"{baseline}"
            f'<td data-label="{label["confidence"]}">'
            f"{escape(score.get_confidence_display() or DASH)}</td>"
            f'<td data-label="{label["change"]}">{change}</td></tr>'
        )
    return SafeString("".join(rows))


def _name(score: AttributeScore) -> str:
    return conditional_escape(score.attribute.name)


def level_rows(
    scores: Iterable[AttributeScore],
    *,
    with_baseline: bool,
    public: Iterable[PublicView] | None = None,
) -> SafeString:
    """The results page's levels table: each attribute's current, target and baseline level,
    and (with ``public``) the public's rating out of 5."""
    views = {view.score.pk: view for view in public} if public is not None else None
    rows = []
    for score in scores:
        baseline = (
            f'<td class="num">{_level(getattr(score, "baseline", None))}</td>'
            if with_baseline
            else ""
        )
        said = ""
        if views is not None:
            view = views.get(score.pk)
            said = f'<td class="num">{floatformat(view.rating.average, 1) if view else DASH}</td>'
        rows.append(
            f'<tr><th scope="row">{_name(score)}</th>'
            f'<td class="num">{_level(score.current_level)}</td>'
            f'<td class="num">{_level(score.target_level)}</td>{baseline}{said}</tr>'
        )
    return SafeString("".join(rows))


def gap_rows(gaps: Iterable[AttributeScore]) -> SafeString:
    """The results page's gaps table, the largest first: levels, gap and confidence."""
    label = column_labels(
        attribute=gettext("Attribute"),
        current=gettext("Current"),
        target=gettext("Target"),
        gap=gettext("Gap"),
        confidence=gettext("Confidence"),
    )
    return SafeString(
        "".join(
            f'<tr><th scope="row" data-label="{label["attribute"]}">{_name(score)}</th>'
            f'<td data-label="{label["current"]}" class="num">{score.current_level}</td>'
            f'<td data-label="{label["target"]}" class="num">{score.target_level}</td>'
            f'<td data-label="{label["gap"]}" class="num"><strong>{score.gap}</strong></td>'
            f'<td data-label="{label["confidence"]}">'
            f"{escape(score.get_confidence_display() or DASH)}</td></tr>"
            for score in gaps
        )
    )


def persona_grid_heads(scores: Iterable[AttributeScore]) -> SafeString:
    """The persona grid's column headings: the attribute's number, its name for screen
    readers and on hover."""
    return SafeString(
        "".join(
            f'<th scope="col" class="num"><abbr title="{_name(score)}">{number}</abbr>'
            f'<span class="sr-only"> {_name(score)}</span></th>'
            for number, score in enumerate(scores, start=1)
        )
    )


def persona_grid_rows(rows: Iterable[PersonaRow]) -> SafeString:
    """One row a persona: its rating of each attribute (with the rating's words for screen
    readers), "not rated" where none, and its average."""
    not_rated = f'<span aria-label="{escape(gettext("not rated"))}">–</span>'
    out = []
    for row in rows:
        cells = "".join(
            f'<td class="num rating-{cell.rating or "none"}">{cell.rating}'
            f'<span class="sr-only"> {escape(cell.get_rating_display())}</span></td>'
            if cell
            else f'<td class="num rating-none">{not_rated}</td>'
            for cell in row.cells
        )
        average = DASH if row.average is None else floatformat(row.average, 1)
        out.append(
            f'<tr><th scope="row">{escape(row.persona.name)}</th>{cells}'
            f'<td class="num"><strong>{average}</strong></td></tr>'
        )
        if row.public_cells:
            out.append(_segment_row(row))
    return SafeString("".join(out))


def _segment_row(row: PersonaRow) -> str:
    """Under a persona, what the public of its segment said of each attribute (out of 5),
    where enough of them answered."""
    too_few = f'<span aria-label="{escape(gettext("too few answers"))}">–</span>'
    heading = escape(
        gettext("The public who said they are: %(segment)s")
        % {"segment": row.persona.get_segment_display()}
    )
    cells = "".join(
        f'<td class="num public-cell">{floatformat(cell.average, 1)}</td>'
        if cell is not None and cell.average is not None
        else f'<td class="num public-cell">{too_few}</td>'
        for cell in row.public_cells
    )
    return (
        f'<tr class="public-row"><th scope="row">{heading}</th>{cells}'
        f'<td class="num public-cell">{DASH}</td></tr>'
    )


def attribute_key(scores: Iterable[AttributeScore]) -> SafeString:
    """The persona grid's key: the attributes' names in the order of their numbers."""
    return SafeString("".join(f"<li>{_name(score)}</li>" for score in scores))
