"""The rows of the assessment page's score table, written in Python: a template per cell
resolved the same translations, URL and formats once a row, more than the rest of the page
cost."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from .models import Assessment, AttributeScore

DASH = "—"
_KEY = "attribute-key"


def _level(value: int | None) -> str:
    return DASH if value is None else str(value)


def score_rows(assessment: Assessment, scores: Iterable[AttributeScore]) -> SafeString:
    """One row an attribute: its name linking to its scoring page (and "to score" until it is
    scored), the current, target and (with a baseline) baseline levels, the confidence and the
    last change; the cells carry their column's name for the stacked layout of small screens."""
    label = {
        name: escape(text)
        for name, text in (
            ("attribute", gettext("Attribute")),
            ("current", gettext("Current")),
            ("target", gettext("Target")),
            ("baseline", gettext("Baseline")),
            ("confidence", gettext("Confidence")),
            ("change", gettext("Last change")),
        )
    }
    to_score = f' <span class="badge status-draft">{escape(gettext("to score"))}</span>'
    url = reverse("assessments:score", args=[assessment.uuid, _KEY])
    with_baseline = assessment.baseline_id is not None
    rows = []
    for score in scores:
        href = escape(url.replace(_KEY, score.attribute.key))
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
