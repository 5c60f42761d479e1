"""The rules by which charts are chosen (README, "How the charts are chosen"),
checked on every chart of every page, unfiltered and under each single filter."""

from __future__ import annotations

import json
import math

import pytest

from components.pages import page_facts
from components.urlstate import ViewState
from data.filters import Filters
from data.schemas import FactSchema as F
from figures import builders
from figures.charts import CHARTS, MIN_MARKS, WITHOUT_BASIS, headline_facts
from tests.conftest import decode
from tests.pages import PAGES


def marks(figure) -> int:
    """What a reader counts in a figure: bar segments of non-zero length and
    scatter points."""
    count = 0
    for trace in json.loads(figure.to_json())["data"]:
        if trace["type"] == "bar":
            values = decode(
                trace["x"] if trace.get("orientation") == "h" else trace["y"]
            )
            count += sum(1 for value in values if value)
        elif trace["type"] == "scatter" and "markers" in trace.get("mode", "markers"):
            count += len(decode(trace["x"]))
    return count


def states(dataset):
    """The unfiltered view and one view per single filter value the bar offers."""
    yield ViewState()
    for name in Filters.names():
        values = (
            sorted(set(dataset.facts[F.section]))
            if name == "section"
            else sorted(set(dataset.facts[name]))
            if name in ("theme", "kind")
            else None
        )
        for value in values or ():
            yield ViewState(filters=Filters(**{name: (value,)}))


def drawn_charts(dataset):
    for state in states(dataset):
        for page in PAGES:
            facts = page_facts(dataset, page, state)
            for key in page.charts:
                rows = CHARTS[key].rows(dataset, facts)
                if CHARTS[key].drawable(rows):
                    yield (
                        page.name,
                        key,
                        rows,
                        CHARTS[key].figure(rows, "zh", frozenset()),
                    )


def test_no_figure_has_a_single_mark(dataset):
    """A single value is a number with its sentence, never a one-bar chart."""
    seen = 0
    for page, key, _, figure in drawn_charts(dataset):
        assert marks(figure) >= MIN_MARKS, (page, key)
        seen += 1
    assert seen > 10


def test_declared_marks_match_what_is_drawn(dataset):
    """A chart's own count of its marks (which decides whether it is drawn) is
    what the figure really shows."""
    for page, key, rows, figure in drawn_charts(dataset):
        if key in ("themes", "coverage"):
            continue  # stacked counts: one mark per non-empty segment, checked above
        assert CHARTS[key].marks(rows) == marks(figure), (page, key)


def _axis_units(dataset, trace) -> set[str]:
    ids = trace.get("customdata") or []
    return {dataset.fact(i)[F.unit] for i in ids if i in dataset.fact_ids}


def test_count_axes_tick_at_whole_numbers(dataset):
    """No axis that counts things (facts, members, numerals, people, meetings…)
    ticks at 0.5."""
    checked = 0
    for page, key, _, figure in drawn_charts(dataset):
        if key in ("flow", "percentages"):
            continue  # no value axis; a 0–100% scale
        layout = figure.to_plotly_json()["layout"]
        for trace in json.loads(figure.to_json())["data"]:
            if trace["type"] != "bar":
                continue
            units = _axis_units(dataset, trace) if key == "figures" else set()
            if units & builders.NOT_COUNTS:
                continue
            axis = layout["xaxis" + trace.get("xaxis", "x")[1:]]
            assert "dtick" in axis, (page, key)
            assert float(axis["dtick"]).is_integer() and axis["dtick"] >= 1
            checked += 1
    assert checked > 10


@pytest.mark.parametrize(
    ("largest", "step"), [(2, 1), (5, 1), (8, 2), (12, 2), (30, 5), (85, 20), (236, 50)]
)
def test_count_tick_step_is_a_whole_number(largest, step):
    assert builders.count_dtick(largest) == step


def test_flow_circle_areas_are_proportional_to_the_numbers(dataset):
    rows = CHARTS["flow"].rows(dataset, dataset.facts)
    figure = CHARTS["flow"].figure(rows, "zh", frozenset())
    trace = json.loads(figure.to_json())["data"][0]
    circles = [s for s in figure.layout.shapes if s.type == "circle"]
    values = [dataset.fact(fid)[F.value] for fid in trace["customdata"]]
    assert len(circles) == len(values) == 3
    for circle in circles:  # round: as wide as high, on axes of equal scale
        assert circle.x1 - circle.x0 == pytest.approx(circle.y1 - circle.y0)
    assert figure.layout.yaxis.scaleanchor == "x"
    areas = [math.pi * ((c.x1 - c.x0) / 2) ** 2 for c in circles]
    ratios = [area / value for area, value in zip(areas, values)]
    assert max(ratios) / min(ratios) == pytest.approx(1.0)


def test_a_derived_number_without_basis_is_never_a_headline(dataset):
    """The report does not map opinions onto problem areas: no average per area is
    shown beside the caption that says so."""
    assert WITHOUT_BASIS <= set(dataset.facts[F.id])
    assert not WITHOUT_BASIS & set(headline_facts(dataset, dataset.facts)[F.id])
    for _, key, rows, _ in drawn_charts(dataset):
        if F.id in rows and key != "themes":  # "themes" counts the table's rows
            assert not WITHOUT_BASIS & set(rows[F.id])
