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


# The detail panel and the Source page: every list they show is bounded too.


def fact_links(component) -> int:
    return as_text(component).count('"className": "fact-link"')


def test_the_detail_panel_lists_at_most_max_others_and_says_so(large):
    from components.detail import MAX_OTHERS, make_detail
    from data.report import facts_between, paragraph_at

    fact = large.fact("questionnaires")
    paragraph = paragraph_at(large.report, fact["start"])
    total = len(facts_between(large.facts, paragraph.start, paragraph.end)) - 1
    assert total > MAX_OTHERS
    _title, body = make_detail(large, "questionnaires", "en")
    assert fact_links(body) == MAX_OTHERS
    note = t("detail.more", "en", shown=MAX_OTHERS, total=f"{total:,}")
    assert note in as_text(body)


@pytest.fixture
def long_list(data_copy):
    """The bundled data with the list 'lessons' grown past MAX_MEMBERS members."""
    from components.page import MAX_MEMBERS

    path = data_copy / "items.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    member = next(line for line in lines if line.startswith("lessons,")).split(",")
    extra = []
    for position in range(6, MAX_MEMBERS + 20):
        member[1] = str(position)
        extra.append(",".join(member))
    lines[-1:-1] = extra
    path.write_text("\n".join(lines), encoding="utf-8")
    facts = data_copy / "facts.csv"
    text = facts.read_text(encoding="utf-8")
    row = next(line for line in text.split("\n") if line.startswith("lessons,"))
    cells = row.split(",")
    cells[5] = str(MAX_MEMBERS + 19)
    facts.write_text(text.replace(row, ",".join(cells)), encoding="utf-8")
    dataset = load_dataset(data_copy)
    assert len(dataset.members("lessons")) == MAX_MEMBERS + 19
    return dataset


def test_the_detail_panel_lists_at_most_max_members_and_says_so(long_list):
    from components.detail import make_detail
    from components.page import MAX_MEMBERS

    _title, body = make_detail(long_list, "lessons", "en")
    text = as_text(body)
    assert text.count('"member-excerpt"') == MAX_MEMBERS
    total = MAX_MEMBERS + 19
    assert t("detail.members_more", "en", shown=MAX_MEMBERS, total=total) in text


def test_a_list_card_shows_at_most_max_members_and_says_so(long_list):
    from components.page import MAX_MEMBERS, make_list_members

    facts = long_list.facts[long_list.facts["id"] == "lessons"]
    card = json.loads(as_text(make_list_members(long_list, facts, "en")))
    members = find_class(card, "list-card")
    assert json.dumps(members).count('"type": "Li"') == MAX_MEMBERS
    total = MAX_MEMBERS + 19
    note = t("detail.members_more", "en", shown=MAX_MEMBERS, total=total)
    assert note in json.dumps(members, ensure_ascii=False)


def test_a_report_mark_names_at_most_max_mark_labels_and_says_so(large):
    from components.source import MAX_MARK_LABELS

    page = json.loads(page_text(large, "/source"))
    titles = []

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if "fact-mark" in str(props.get("className", "")):
                titles.append(props["title"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(page)
    assert titles
    assert max(title.count(" / ") for title in titles) <= MAX_MARK_LABELS
    assert any(title.endswith(" more") for title in titles)


def find_class(node, class_name: str):
    """The first component in ``node`` (as JSON) whose className is ``class_name``."""
    if isinstance(node, dict):
        if class_name in str(node.get("props", {}).get("className", "")).split():
            return node
        nodes = node.values()
    elif isinstance(node, list):
        nodes = node
    else:
        return None
    for value in nodes:
        if (found := find_class(value, class_name)) is not None:
            return found
    return None


def report_text(dataset) -> str:
    """The report as the Source page shows it (its article), as JSON."""
    article = find_class(json.loads(page_text(dataset, "/source")), "report-text")
    assert article is not None
    return json.dumps(article, ensure_ascii=False)


def test_the_report_on_the_source_page_grows_with_the_report_not_the_facts(
    dataset, large
):
    small, big = len(report_text(dataset)), len(report_text(large))
    assert big < 1.5 * small, (small, big)


def test_the_left_out_numerals_are_a_bounded_table(monkeypatch, dataset):
    import components.source as source

    monkeypatch.setattr(source, "MAX_TABLE_ROWS", 3)
    table = find_class(json.loads(page_text(dataset, "/source")), "left-out")
    text = json.dumps(table, ensure_ascii=False)
    assert text.count('"type": "Tr"') == 3 + 1  # and the header row
    assert "The first 3 of " in text


def test_a_line_of_fact_buttons_holds_at_most_max_inline_and_says_so(large):
    from components.page import MAX_INLINE

    page = json.loads(page_text(large, "/outcomes"))
    for class_name in ("context-section", "named-sets"):
        line = find_class(page, class_name)
        assert line is not None, class_name
    context = json.dumps(find_class(page, "context-section"), ensure_ascii=False)
    assert context.count('"className": "fact-inline"') == MAX_INLINE
    assert f"{MAX_INLINE} of " in context
    named = find_class(page, "list-members")
    named_line = json.dumps(find_class(named, "named-sets"), ensure_ascii=False)
    assert named_line.count('"type": "Button"') == MAX_INLINE
    assert f"{MAX_INLINE} of " in json.dumps(named, ensure_ascii=False)
