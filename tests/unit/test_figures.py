"""Figure builders: the numbers a figure carries are the tables' numbers."""

import html
import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from data.schemas import UNIT_KINDS
from data.schemas import FactSchema as F
from data.schemas import ItemSchema as I
from figures import builders
from figures.charts import CHARTS, CONSULTATION_KINDS
from figures.theme import (
    DARK_BACKGROUND,
    FONT_FAMILY,
    OKABE_ITO,
    contrast,
    for_mode,
    text_on,
)
from i18n import t
from tests.conftest import decode


def traces(figure: go.Figure) -> list[dict]:
    """The traces as the browser receives them (JSON, base64 arrays decoded)."""
    return json.loads(figure.to_json())["data"]


def draw(dataset, key, lang="zh", highlight=frozenset(), facts=None):
    spec = CHARTS[key]
    rows = spec.rows(dataset, dataset.facts if facts is None else facts)
    return rows, spec.build(rows, lang, highlight)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_facts_by_theme_counts_the_table(dataset, lang):
    _, figure = draw(dataset, "themes", lang)
    expected = dataset.facts.groupby([F.theme, F.kind]).size()
    seen = 0
    for trace in traces(figure):
        kind = "stated" if trace["name"] == t("kind.stated", lang) else "derived"
        for theme, count in zip(trace["customdata"], decode(trace["x"])):
            assert count == expected.get((theme, kind), 0)
            seen += count
    assert seen == len(dataset.facts)


def test_unit_panels_carry_the_values_one_unit_per_axis(dataset):
    rows, figure = draw(dataset, "figures")
    data = traces(figure)
    assert (
        len({trace["xaxis"] for trace in data}) == len(data) == rows["unit"].nunique()
    )
    drawn = set()
    for trace in data:
        units = set()
        for fact_id, value in zip(trace["customdata"], decode(trace["x"])):
            fact = dataset.fact(fact_id)
            assert value == fact[F.value]
            units.add(fact[F.unit])
            drawn.add(fact_id)
        assert len(units) == 1, "units never share an axis"
    assert drawn == set(rows[F.id])
    assert not {UNIT_KINDS[u] for u in rows[F.unit]} & {"percentages", "time"}


def test_consultation_chart_compares_people_with_people_meetings_with_meetings(
    dataset,
):
    rows, _ = draw(dataset, "consultation")
    assert set(rows[F.theme]) == {"consultation"}
    assert {UNIT_KINDS[u] for u in rows[F.unit]} <= set(CONSULTATION_KINDS)
    assert {"member_consultations", "visits", "symposiums"} <= set(rows[F.id])
    # 236 copies is the only count of documents: a card, not a one-bar panel
    assert "questionnaires" not in set(rows[F.id])
    assert "coverage" not in set(rows[F.id]), "a percentage is not a bar beside counts"


def test_list_sizes_count_items(dataset):
    _, figure = draw(dataset, "lists", "en")
    counts = dataset.items.groupby(I.list_id).size()
    shown = {}
    for trace in traces(figure):
        for list_id, members in zip(trace["customdata"], decode(trace["x"])):
            shown[list_id] = members
            assert dataset.fact(list_id)[F.value] == members
    assert shown == counts.to_dict()


def test_open_lists_show_their_qualifier(dataset):
    _, figure = draw(dataset, "lists")
    labels = {
        i: text
        for trace in traces(figure)
        for i, text in zip(trace["customdata"], trace["text"])
    }
    assert labels["liaison_events"].startswith("≥")
    assert labels["one_day_activities"] == "5"


def test_percentages_leave_the_open_range_visible(dataset):
    rows, figure = draw(dataset, "percentages")
    data = traces(figure)
    stated = dict(zip(data[0]["customdata"], decode(data[0]["x"])))
    assert stated == dict(zip(rows[F.id], rows[F.value]))
    band = dict(zip(data[1]["customdata"], decode(data[1]["x"])))
    satisfaction = dataset.fact("satisfaction")[F.value]
    assert band["satisfaction"] == 100 - satisfaction  # "97%以上": 97 to 100 open
    assert band["coverage"] == 0  # exactly 100%: nothing left open
    assert data[1]["name"] == t("chart.percent.open", "zh")


def test_flow_shows_the_stages_without_inventing_links(dataset):
    _, figure = draw(dataset, "flow")
    nodes, numbers = traces(figure)
    assert nodes["type"] == numbers["type"] == "scatter"
    assert numbers["customdata"] == nodes["customdata"]
    assert nodes["customdata"] == ["opinions", "problem_areas", "measures"]
    assert all(trace["type"] != "sankey" for trace in traces(figure))


def test_highlight_dims_everything_else(dataset):
    _, figure = draw(dataset, "figures", highlight=frozenset({"symposiums"}))
    for trace in traces(figure):
        opacity = trace["marker"]["opacity"]
        for fact_id, value in zip(trace["customdata"], opacity):
            assert value == (1.0 if fact_id == "symposiums" else builders.DIMMED)


def test_highlight_elsewhere_changes_nothing(dataset):
    _, figure = draw(dataset, "flow", highlight=frozenset({"questionnaires"}))
    assert {shape.opacity for shape in figure.layout.shapes} == {1.0}


@pytest.mark.parametrize("key", sorted(CHARTS))
def test_no_chart_is_ever_empty(dataset, key):
    rows, figure = draw(dataset, key, facts=dataset.facts.iloc[0:0])
    if rows.empty:
        texts = [a["text"] for a in figure.to_plotly_json()["layout"]["annotations"]]
        assert texts == [t("chart.empty", "zh")]


def test_coverage_counts_every_numeral(dataset):
    rows, figure = draw(dataset, "coverage")
    total = sum(sum(decode(trace["x"])) for trace in traces(figure))
    assert total == len(rows)
    assert rows[rows["script"] == "arabic"]["captured"].all()


def test_figures_use_a_cjk_font_stack(dataset):
    _, figure = draw(dataset, "themes")
    assert figure.layout.template.layout.font.family == FONT_FAMILY
    assert FONT_FAMILY.startswith('"Noto Sans CJK SC"')


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_labels_follow_the_language(dataset, lang):
    _, figure = draw(dataset, "lists", lang)
    column = F.label_zh if lang == "zh" else F.label_en
    labels = {label for trace in traces(figure) for label in trace["y"]}
    assert dataset.fact("lessons")[column] in labels


def test_dark_scheme_recolours_without_changing_data(dataset):
    _, figure = draw(dataset, "figures")
    dark = for_mode(figure, "dark")
    assert dark.layout.paper_bgcolor == DARK_BACKGROUND
    assert [decode(t["x"]) for t in traces(dark)] == [
        decode(t["x"]) for t in traces(figure)
    ]
    assert for_mode(figure, "light") is figure


@pytest.mark.parametrize("key", ["figures", "percentages", "consultation"])
def test_numbers_inside_bars_meet_aa_contrast(dataset, key):
    _, figure = draw(dataset, key)
    for trace in figure.data:
        if trace.type == "bar" and trace.text is not None:
            assert contrast(trace.insidetextfont.color, trace.marker.color) >= 4.5


def test_every_palette_colour_has_a_readable_text_colour():
    for colour in OKABE_ITO:
        assert contrast(text_on(colour), colour) >= 4.5, colour


def test_a_chinese_label_wraps_into_even_lines_never_one_character_alone():
    from figures.builders import BAR_LABEL, LABEL_WIDTH, wrap_label

    for label in ("提出的具体措施", "委员和干部群众提出的意见和建议", "辅导报告会"):
        for widths in (LABEL_WIDTH, BAR_LABEL):
            parts = wrap_label(label, "zh", widths).split("<br>")
            assert "".join(parts) == label
            assert all(len(part) <= widths["zh"] for part in parts)
            assert max(map(len, parts)) - min(map(len, parts)) <= 1, parts


@pytest.mark.parametrize(
    "label",
    [
        "城镇新增就业（一）（待核）",
        "落实“五个一天”活动的次数",
        "征求意见，建议。汇总（二）",
    ],
)
def test_a_chinese_line_never_ends_opening_or_starts_closing(label):
    from figures.builders import NOT_AT_END, NOT_AT_START, wrap_label

    for width in (3, 4, 5, 6, 12):
        wrapped = wrap_label(label, "zh", {"zh": width}).split("<br>")
        shown = [html.unescape(part) for part in wrapped]
        assert "".join(shown) == label
        assert not any(p[-1] in NOT_AT_END for p in shown[:-1]), shown
        assert not any(p[0] in NOT_AT_START for p in shown[1:]), shown


@pytest.mark.parametrize(
    ("excerpt", "change"),
    [
        ("比上年增长8.7%", True),
        ("居民消费价格涨幅不超过3%", True),
        ("PM2.5平均浓度下降5%", True),
        ("登记失业率控制在3%以内", False),
        ("研发投入占地区生产总值比重达到百分之三左右", False),
        ("活动覆盖面达到100%", False),
        ("评议满意率达97%以上", False),
    ],
)
def test_a_rate_of_change_is_no_share_of_a_whole(excerpt, change):
    """A change is compared with other changes; only a share is drawn against the
    rest of a 0–100% scale."""
    from figures.charts import CHARTS, is_change

    assert is_change(excerpt) is change
    fact = {
        "id": "x", "section": "1", "theme": "general", "label_zh": "x",
        "label_en": "x", "value": 5.0, "unit": "percent", "qualifier": "exact",
        "kind": "stated", "formula": "", "excerpt": excerpt, "start": 0,
    }  # fmt: skip
    rows = pd.DataFrame([fact])
    assert len(CHARTS["changes"].rows(None, rows)) == int(change)
    assert len(CHARTS["percentages"].rows(None, rows)) == int(not change)
