"""Text from the data reaches a figure as the characters typed: plotly reads a
subset of HTML (<a href>, <b>, <br>, <span style>, entities) in every text it
draws, so a label holding markup must be escaped, and show verbatim."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest

from components.pages import page_facts
from components.urlstate import ViewState
from data.schemas import label_column
from exporter.bundle import export_items
from exporter.layout import PRESETS, lay_out
from figures.builders import wrap_label
from figures.charts import CHARTS
from figures.text import plain
from figures.theme import for_mode
from tests.markup import HOSTILE, hostile_dataset, shown
from tests.pages import PAGES

# The markup the figure code writes on purpose: line breaks it composes and the
# hover label's secondary box.
OWN_MARKUP = re.compile(r"<br>|</?extra>")

# The charts that draw one mark per fact, named by its label.
LABELLED = {"consultation", "figures", "lists", "percentages", "flow"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return hostile_dataset(tmp_path_factory.mktemp("hostile"))


def strings(value) -> list[str]:
    """Every string in a figure's JSON."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


def figure_strings(figure: go.Figure) -> list[str]:
    return strings(json.loads(figure.to_json()))


def every_figure(dataset):
    """Every chart of every page, in both languages and both colour schemes, as
    the browser receives it, and every exported chart with its title and source."""
    for lang in ("zh", "en"):
        for page in PAGES:
            facts = page_facts(dataset, page, ViewState(lang=lang))
            for key in page.charts:
                rows = CHARTS[key].rows(dataset, facts)
                if not CHARTS[key].drawable(rows):
                    continue
                figure = CHARTS[key].figure(rows, lang, frozenset())
                for mode in ("light", "dark"):
                    yield (page.name, key, lang, mode), rows, for_mode(figure, mode)
        for item in export_items(dataset, ViewState(lang=lang)):
            laid = item.laid_out(PRESETS["slide"]).figure
            yield (item.page, item.key, lang, "export"), item.rows, laid


def test_no_data_reaches_a_figure_as_markup(hostile):
    drawn = 0
    for name, rows, figure in every_figure(hostile):
        texts = figure_strings(figure)
        for text in texts:
            assert "<" not in OWN_MARKUP.sub("", text), (name, text)
        joined = "\n".join(texts)
        assert "<a " not in joined, name
        assert "<b>" not in joined, name
        key, lang = name[1], name[2]
        if key not in LABELLED:
            continue
        seen = {shown(text) for text in texts}
        # A wrapped label (the flow's) shows its lines: compare without breaks.
        flat = {s.replace("\n", " " if lang == "en" else "") for s in seen}
        for label in rows[label_column(lang)]:
            assert any(label in s for s in seen | flat), (name, label)
            drawn += 1
    assert drawn > 20


def hover_templates(dataset) -> dict:
    return {
        name: [
            trace.get("hovertemplate", "")
            for trace in json.loads(figure.to_json())["data"]
        ]
        for name, _, figure in every_figure(dataset)
    }


def test_hover_templates_hold_no_data(hostile, dataset):
    """Data reaches a hover through %{y}, %{text}, %{hovertext}, which plotly
    substitutes once and never reads as a template: the templates themselves are
    the code's, the same whatever the labels say."""
    assert hover_templates(hostile) == hover_templates(dataset)


@pytest.mark.parametrize("label", HOSTILE)
def test_plain_text_shows_as_typed(label):
    escaped = plain(label)
    assert "<" not in escaped and ">" not in escaped
    assert shown(escaped) == label


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "label",
    [*HOSTILE, "甲乙丙丁戊&lt;己庚", "甲乙丙丁戊<b>己庚", "a long label &lt;&gt; here"],
)
def test_a_wrapped_label_never_splits_an_entity(label, lang):
    wrapped = wrap_label(label, lang)
    assert "<" not in OWN_MARKUP.sub("", wrapped)
    lines = wrapped.split("<br>")
    separator = " " if lang == "en" else ""
    assert separator.join(shown(line) for line in lines) == (
        " ".join(label.split()) if lang == "en" else label
    )


def test_export_title_and_source_show_as_typed(dataset):
    figure = CHARTS["flow"].figure(
        CHARTS["flow"].rows(dataset, dataset.facts), "en", frozenset()
    )
    title = 'A "quoted" <b>title</b> & it\'s &lt; 97%'
    source = "Source: x<br>y %{x}"
    laid = lay_out(figure, title, source, PRESETS["slide"]).figure
    assert shown(laid.layout.title.text).replace("\n", " ") == title
    texts = [shown(a.text) for a in laid.layout.annotations]
    assert source in texts


def test_no_component_renders_markup_from_a_string():
    """Text is rendered as text: no Markdown with raw HTML, no inner HTML."""
    root = Path(__file__).resolve().parents[2]
    code = [
        path
        for folder in ("components", "callbacks", "figures")
        for path in (root / folder).rglob("*.py")
    ]
    assert len(code) > 10, "found few modules: the scan is broken"
    assert [p.name for p in code if "dangerously_allow_html" in p.read_text()] == []
    scripts = (root / "assets").glob("*.js")
    assert [
        p.name for p in scripts if "innerHTML" in p.read_text() and "min" not in p.name
    ] == []
