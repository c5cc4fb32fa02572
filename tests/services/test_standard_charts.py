"""Each service standard's results by fiscal year drawn as a chart on the service page."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from services.charts import performance_svg
from services.models import StandardPerformance
from tests.factories import PerformanceFactory, ServiceFactory, StandardFactory

SVG = "{http://www.w3.org/2000/svg}"


def _result(fiscal_year, performance, target="0.8"):
    return StandardPerformance(
        fiscal_year=fiscal_year,
        performance=None if performance is None else Decimal(performance),
        target=None if target is None else Decimal(target),
    )


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (the chart's own markup, not outside data)


def _chart(performances, name="Pay within 5 days"):
    return _parse(str(performance_svg(performances, chart_id="c", name=name)))


def _bars(chart) -> dict[str, ET.Element]:
    """{fiscal year: its bar}, read from each bar's tooltip."""
    return {
        rect.find(f"{SVG}title").text.split(": ")[0]: rect
        for rect in chart.iter(f"{SVG}rect")
        if rect.get("class") == "result"
    }


def _texts(chart, kind: str) -> list[ET.Element]:
    return [text for text in chart.iter(f"{SVG}text") if text.get("class") == kind]


def _targets(chart) -> dict[str, ET.Element]:
    """{fiscal year: its target mark}, read from each mark's tooltip."""
    return {
        group.find(f"{SVG}title").text.split(": ")[0]: group
        for group in chart.iter(f"{SVG}g")
        if group.get("class") == "target"
    }


def _all_text(chart) -> str:
    return " ".join("".join(text.itertext()) for text in chart.iter(f"{SVG}text"))


def test_each_reported_year_has_a_bar_and_a_better_result_a_longer_one():
    chart = _chart(
        [_result("2019-2020", "0.8"), _result("2020-2021", "0.95"), _result("2021-2022", "0.6")]
    )
    bars = _bars(chart)
    assert sorted(bars) == ["2019-2020", "2020-2021", "2021-2022"]
    width = {year: float(bar.get("width")) for year, bar in bars.items()}
    assert width["2020-2021"] > width["2019-2020"] > width["2021-2022"] > 0
    # Bars share one scale: 95 % is 95/80 of 80 %.
    assert width["2020-2021"] / width["2019-2020"] == pytest.approx(95 / 80, rel=0.01)
    assert [t.text for t in _texts(chart, "value")] == ["80.0\u00a0%", "95.0\u00a0%", "60.0\u00a0%"]


def test_years_run_oldest_first_whatever_order_the_results_come_in():
    # The page's query reads the newest year first, for the table.
    chart = _chart(
        [_result("2021-2022", "0.9"), _result("2019-2020", "0.7"), _result("2020-2021", "0.8")]
    )
    years = _texts(chart, "year")
    assert [t.text for t in years] == ["2019-2020", "2020-2021", "2021-2022"]
    rows = [float(t.get("y")) for t in years]
    assert rows == sorted(rows) and len(set(rows)) == 3  # top to bottom, one row each
    bar_rows = [float(bar.get("y")) for bar in _bars(chart).values()]
    assert bar_rows == sorted(bar_rows)


def test_the_target_is_marked_on_the_bars_scale_and_named_in_the_legend():
    chart = _chart([_result("2019-2020", "0.9", target="0.9"), _result("2020-2021", "0.5", "0.9")])
    bar = _bars(chart)["2019-2020"]
    mark = _targets(chart)["2019-2020"]
    line = mark.find(f"{SVG}line")
    # A result equal to its target ends exactly on the target mark.
    assert float(line.get("x1")) == pytest.approx(float(bar.get("x")) + float(bar.get("width")))
    assert mark.find(f"{SVG}title").text == "2019-2020: target 90.0\u00a0%"
    assert "Target: 90.0\u00a0%" in _all_text(chart)
    assert "Result" in _all_text(chart)


def test_targets_that_change_are_marked_year_by_year():
    chart = _chart([_result("2019-2020", "0.9", "0.7"), _result("2020-2021", "0.9", "0.8")])
    marks = _targets(chart)
    assert float(marks["2020-2021"].find(f"{SVG}line").get("x1")) > float(
        marks["2019-2020"].find(f"{SVG}line").get("x1")
    )
    legend = _all_text(chart)
    assert "Target" in legend and "Target:" not in legend  # no single target to state


def test_a_missing_result_is_a_labelled_gap_never_a_bar_at_zero():
    chart = _chart(
        [_result("2019-2020", "0.9"), _result("2020-2021", None), _result("2021-2022", "0")]
    )
    bars = _bars(chart)
    assert "2020-2021" not in bars
    assert len(_texts(chart, "no-result")) == 1
    assert _texts(chart, "no-result")[0].text == "not reported"
    # The words sit on the missing year's row.
    row = next(t for t in _texts(chart, "year") if t.text == "2020-2021")
    assert _texts(chart, "no-result")[0].get("y") == row.get("y")
    # A real 0 % is still a bar, with its value, so it never looks like a missing year.
    assert "2021-2022" in bars and float(bars["2021-2022"].get("width")) > 0
    assert [t.text for t in _texts(chart, "value")] == ["90.0\u00a0%", "0.0\u00a0%"]
    assert "2020-2021: result not reported, target 80.0\u00a0%" in chart.find(f"{SVG}desc").text


def test_a_standard_with_a_single_year_gets_a_chart_with_one_bar():
    chart = _chart([_result("2023-2024", "0.83", "0.75")])
    assert list(_bars(chart)) == ["2023-2024"]
    assert list(_targets(chart)) == ["2023-2024"]


def test_a_year_without_a_target_has_no_target_mark():
    chart = _chart([_result("2019-2020", "0.6", target=None), _result("2020-2021", "0.7")])
    assert list(_targets(chart)) == ["2020-2021"]
    assert "2019-2020: result 60.0\u00a0%, target not reported" in chart.find(f"{SVG}desc").text
    assert "Target" not in _all_text(_chart([_result("2019-2020", "0.6", target=None)]))


def test_a_standard_without_results_has_no_chart():
    assert performance_svg([], chart_id="c", name="Pay within 5 days") == ""


def test_the_chart_is_an_image_with_a_title_and_a_description():
    chart = _chart([_result("2019-2020", "0.8"), _result("2020-2021", "0.95")])
    assert chart.get("role") == "img"
    assert chart.get("aria-labelledby") == "c-title c-desc"
    assert chart.find(f"{SVG}title").get("id") == "c-title"
    assert (
        chart.find(f"{SVG}title").text
        == "Pay within 5 days: result by fiscal year against the target"
    )
    assert chart.find(f"{SVG}desc").text == (
        "2019-2020: result 80.0\u00a0%, target 80.0\u00a0%; "
        "2020-2021: result 95.0\u00a0%, target 80.0\u00a0%"
    )


def test_a_standards_words_are_escaped_in_its_chart():
    svg = str(performance_svg([_result("2019-2020", "0.8")], chart_id="c", name="<b>Pay</b>"))
    assert "<b>" not in svg and "&lt;b&gt;Pay&lt;/b&gt;" in svg


def _page_charts(body: str) -> list[ET.Element]:
    return [_parse(svg) for svg in re.findall(r'<svg class="standard-chart".*?</svg>', body, re.S)]


@pytest.fixture
def service_with_standards(org):
    service = ServiceFactory(owner=org, name_en="Wildfire Evacuee Support")
    pay = StandardFactory(
        service=service, standard_id="S-1", text_en="Pay within 5 days", text_fr="Payer en 5 jours"
    )
    calls = StandardFactory(
        service=service,
        standard_id="S-2",
        text_en="Answer calls in 10 minutes",
        text_fr="Répondre en 10 minutes",
    )
    for year, result in (("2019-2020", "0.8"), ("2020-2021", None), ("2021-2022", "0.95")):
        PerformanceFactory(
            standard=pay,
            fiscal_year=year,
            performance=None if result is None else Decimal(result),
        )
    for year in ("2019-2020", "2020-2021", "2021-2022"):
        PerformanceFactory(standard=calls, fiscal_year=year, target=Decimal("0.9"))
    return service


def test_the_service_page_shows_each_standards_chart_above_its_table(
    client_for, manager, service_with_standards
):
    url = reverse("services:detail", args=[service_with_standards.uuid])
    body = client_for(manager).get(url).content.decode()
    charts = _page_charts(body)
    titles = [chart.find(f"{SVG}title").text for chart in charts]
    assert titles == [
        "Pay within 5 days: result by fiscal year against the target",
        "Answer calls in 10 minutes: result by fiscal year against the target",
    ]
    ids = [chart.get("aria-labelledby") for chart in charts]
    assert len(set(ids)) == 2  # each chart names its own title and description
    by_title = dict(zip(titles, charts, strict=True))
    pay = by_title["Pay within 5 days: result by fiscal year against the target"]
    assert [t.text for t in _texts(pay, "year")] == ["2019-2020", "2020-2021", "2021-2022"]
    assert sorted(_bars(pay)) == ["2019-2020", "2021-2022"]
    assert [t.text for t in _texts(pay, "no-result")] == ["not reported"]
    calls = by_title["Answer calls in 10 minutes: result by fiscal year against the target"]
    assert len(_bars(calls)) == 3 and "Target: 90.0\u00a0%" in _all_text(calls)
    # The table stays, as the same figures in words, after the charts.
    assert body.index('class="standard-chart"') < body.index("standards-table")


def test_the_charts_speak_french_on_the_french_page(client_for, manager, service_with_standards):
    with translation.override("fr"):
        url = reverse("services:detail", args=[service_with_standards.uuid])
    body = client_for(manager).get(url).content.decode()
    text = " ".join(_all_text(chart) for chart in _page_charts(body))
    assert "Résultat" in text and "non déclaré" in text and "80,0\u00a0%" in text


def test_the_service_page_makes_no_query_per_standard(
    client_for, manager, service_with_standards, django_assert_num_queries
):
    c = client_for(manager)
    url = reverse("services:detail", args=[service_with_standards.uuid])
    c.get(url)
    # the session with the person and their memberships, service with its owner and access,
    # partners, years, standards, their results, the service's codes (segments, types,
    # channels and scope in one union); the code labels are a fragment kept while unchanged
    with django_assert_num_queries(7):
        c.get(url)
    for _ in range(3):
        standard = StandardFactory(service=service_with_standards)
        for year in ("2019-2020", "2020-2021", "2021-2022", "2022-2023"):
            PerformanceFactory(standard=standard, fiscal_year=year)
    with django_assert_num_queries(7):
        body = c.get(url).content.decode()
    assert len(_page_charts(body)) == 5
