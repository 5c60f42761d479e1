"""Figure builders: the numbers a figure carries are the tables' numbers."""

import json

import plotly.graph_objects as go
import pytest

from data.schemas import FactSchema as F
from data.schemas import ItemSchema as I
from figures import builders
from figures.theme import FONT_FAMILY
from i18n import t
from tests.conftest import decode


def traces(figure: go.Figure) -> list[dict]:
    """The traces as the browser receives them (JSON, base64 arrays decoded)."""
    return json.loads(figure.to_json())["data"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_facts_by_theme_counts_the_table(dataset, lang):
    figure = builders.facts_by_theme(dataset.facts, lang)
    expected = dataset.facts.groupby([F.theme, F.kind]).size()
    seen = 0
    for trace in traces(figure):
        kind = "stated" if trace["name"] == t("kind.stated", lang) else "derived"
        for theme, count in zip(trace["customdata"], decode(trace["x"])):
            assert count == expected.get((theme, kind), 0)
            seen += count
    assert seen == len(dataset.facts)


def test_consultation_panels_carry_the_stated_values(dataset):
    figure = builders.consultation_figures(dataset.facts, "zh")
    data = traces(figure)
    assert len(data) == len(builders.CONSULTATION_UNITS)
    axes = {trace["xaxis"] for trace in data}
    assert len(axes) == len(data), "each unit gets an x-axis of its own"
    for trace in data:
        units = set()
        for fact_id, value in zip(trace["customdata"], decode(trace["x"])):
            fact = dataset.fact(fact_id)
            assert fact[F.kind] == "stated" and fact[F.theme] == "consultation"
            assert value == fact[F.value]
            units.add(fact[F.unit])
        assert len(units) == 1, "units never share an axis"
    shown = {i for trace in data for i in trace["customdata"]}
    assert {"questionnaires", "member_consultations", "symposiums"} <= shown
    assert "coverage" not in shown, "a percentage is not drawn beside counts"


def test_list_sizes_count_items(dataset):
    figure = builders.list_sizes(dataset.facts, dataset.items, "en")
    counts = dataset.items.groupby(I.list_id).size()
    shown = {}
    for trace in traces(figure):
        for list_id, members in zip(trace["customdata"], decode(trace["x"])):
            shown[list_id] = members
            assert dataset.fact(list_id)[F.value] == members
    assert shown == counts.to_dict()


def test_open_lists_show_their_qualifier(dataset):
    figure = builders.list_sizes(dataset.facts, dataset.items, "zh")
    labels = {
        i: text
        for trace in traces(figure)
        for i, text in zip(trace["customdata"], trace["text"])
    }
    assert labels["liaison_events"].startswith("≥")
    assert labels["one_day_activities"] == "5"


def test_figures_use_a_cjk_font_stack(dataset):
    figure = builders.facts_by_theme(dataset.facts, "zh")
    assert figure.layout.template.layout.font.family == FONT_FAMILY
    assert "Noto Sans CJK SC" in FONT_FAMILY


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_labels_follow_the_language(dataset, lang):
    figure = builders.list_sizes(dataset.facts, dataset.items, lang)
    column = F.label_zh if lang == "zh" else F.label_en
    labels = {label for trace in traces(figure) for label in trace["y"]}
    assert dataset.fact("lessons")[column] in labels
