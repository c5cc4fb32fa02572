"""The radar chart names every attribute whole, on as many lines as it needs."""

import re

from assessments.charts import label_lines, radar_svg

LONG = "Confiance, protection de la vie privée et sécurité"


def test_long_names_wrap_between_words_and_are_never_cut():
    lines = label_lines(LONG)
    assert len(lines) > 1 and all(len(line) <= 20 for line in lines)
    assert " ".join(lines) == LONG


def test_the_chart_shows_each_name_whole():
    svg = str(
        radar_svg(
            labels=[LONG, "Accessibilité", "Efficience"],
            series={"current": [2, 3, 4], "target": [4, 4, 5]},
            names={"current": "Actuel", "target": "Cible"},
            top=5,
            chart_id="t",
        )
    )
    assert "…" not in svg
    texts = re.findall(r"<text[^>]*>((?:<tspan[^>]*>[^<]*</tspan>)+)</text>", svg)
    names = [" ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", t)) for t in texts]
    assert "Confiance, protection de la vie privée et sécurité" in names
