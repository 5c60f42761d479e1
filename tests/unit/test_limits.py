"""Large data stays readable and light: charts draw at most MAX_MARKS bars, tables
show at most MAX_TABLE_ROWS rows, pages at most MAX_CARDS cards and MAX_LISTS lists,
and each says how many more there are (the CSV keeps every row)."""

from __future__ import annotations

import json

import pytest
from plotly.utils import PlotlyJSONEncoder

from bench.synthetic import generate
from components.page import MAX_LISTS
from components.pages import chart_rows, render_screen
from components.part import MAX_CARDS
from components.tables import MAX_TABLE_ROWS, make_rows_table
from components.urlstate import ViewState
from data import load_dataset
from data.export import rows_to_csv
from figures.charts import CHARTS, MAX_MARKS
from i18n import t

TIMES = 20  # 1,100 facts, 2,020 list members, 480 lists


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    return load_dataset(generate(tmp_path_factory.mktemp("large"), times=TIMES))


def page_text(dataset, path: str, lang: str = "en") -> str:
    screen = render_screen(path, ViewState(lang=lang), [], dataset, frozenset())
    return as_text(screen.page)


def as_text(component) -> str:
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


def test_a_chart_draws_at_most_max_marks_and_says_so(large):
    rows = chart_rows(large, "/source", ViewState(), "lists")
    assert len(rows) > MAX_MARKS
    figure = CHARTS["lists"].figure(rows, "en", frozenset())
    drawn = sum(len(trace.y) for trace in figure.data if trace.y is not None)
    assert 0 < drawn <= MAX_MARKS
    note = t("chart.capped", "en", shown=MAX_MARKS, total=f"{len(rows):,}")
    assert note in page_text(large, "/source")
    # The CSV keeps every row.
    assert rows_to_csv(rows).count("\n") == len(rows) + 1


def test_a_table_shows_at_most_max_table_rows_and_says_so(large):
    rows = chart_rows(large, "/", ViewState(), "themes")
    assert len(rows) > MAX_TABLE_ROWS
    table = as_text(make_rows_table(rows, "en", "themes"))
    assert table.count('"type": "Tr"') == MAX_TABLE_ROWS + 1  # and the header row
    assert f"The first {MAX_TABLE_ROWS} of {len(rows):,} rows" in table


def test_a_page_shows_at_most_max_cards_and_max_lists(large):
    lists = page_text(large, "/outcomes")
    assert lists.count("list-card") == MAX_LISTS
    assert f"{MAX_LISTS} of " in lists
    cards = page_text(large, "/consultation")
    assert cards.count("kpi-card") == MAX_CARDS
    assert f"{MAX_CARDS} of " in cards


def test_the_bundled_data_is_never_capped(dataset):
    for path in (
        "/",
        "/study",
        "/research",
        "/consultation",
        "/outcomes",
        "/work",
        "/source",
    ):
        assert "more-note" not in page_text(dataset, path)
