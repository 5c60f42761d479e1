"""Any report of the library on screen: the report in the address, its pages from
its outline, its deck, the switcher and the library page, proposed facts marked."""

from __future__ import annotations

import json

import pytest
from dash import html

from callbacks.exports import chart_image
from components.layout import make_report_menu
from components.library import make_library_page, report_link
from components.pages import (
    app_title,
    has_briefing,
    page_at,
    page_facts,
    pages_for,
    render_screen,
)
from components.present import SECTION_NUMBERS, SECTION_SLIDES, section_slides
from components.urlstate import ViewState, parse_state, report_param, to_search
from data.filters import Filters, apply_filters
from figures.charts import headline_facts
from i18n import t
from i18n.format import fact_quantity
from library.shelf import Entry, Shelf
from tests.library_reports import DOCX_REPORT, GBK_REPORT, build_library


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    built = build_library(f"sqlite:///{folder / 'library.sqlite3'}", folder)
    yield built
    built.engine.dispose()


@pytest.fixture(scope="module")
def government(library):
    return library.load(GBK_REPORT).dataset


def text_of(component) -> str:
    """Every string in a component tree, joined."""
    return json.dumps(component.to_plotly_json(), ensure_ascii=False, default=str)


def test_the_report_is_part_of_the_address(dataset):
    reports = {"gov"}
    state, rejected = parse_state("?report=gov&lang=en", dataset, reports)
    assert (state.report, state.lang, rejected) == ("gov", "en", [])
    assert to_search(state) == "?report=gov&lang=en"
    state, rejected = parse_state("?report=nowhere", dataset, reports)
    assert state.report is None and [r.param for r in rejected] == ["report"]
    assert report_param("?lang=en&report=gov") == "gov"


def test_a_shelf_picks_the_report_the_address_names(library):
    shelf = Shelf(library, "tianhe_campaign")
    assert shelf.slug_for(f"?report={GBK_REPORT}") == GBK_REPORT
    assert shelf.slug_for("?report=nowhere") == "tianhe_campaign"
    assert shelf.slug_for("") == "tianhe_campaign"
    assert GBK_REPORT in shelf and "nowhere" not in shelf
    assert {entry.slug for entry in shelf.entries()} == {
        "tianhe_campaign",
        GBK_REPORT,
        DOCX_REPORT,
    }


def test_the_campaign_keeps_its_pages_by_describing_them_in_its_data(dataset):
    pages = pages_for(dataset)
    assert [(p.name, p.path, p.view) for p in pages] == [
        (row["page"], row["path"], row["view"])
        for row in dataset.pages.to_dict("records")
    ]
    assert [p.path for p in pages] == [
        "/", "/study", "/research", "/consultation", "/outcomes", "/work",
        "/source", "/present",
    ]  # fmt: skip
    assert has_briefing(dataset)
    consultation = page_at(dataset, "/consultation")
    assert consultation.themes == ("consultation",) and consultation.charts


def test_a_report_without_pages_of_its_own_has_no_briefing(government):
    assert government.pages.empty and not has_briefing(government)


def test_another_report_gets_a_page_per_top_level_section(government):
    pages = pages_for(government)
    assert [p.name for p in pages][0] == "overview"
    assert [p.name for p in pages][-2:] == ["source", "present"]
    sections = [p for p in pages if p.sections is not None]
    assert [p.path for p in sections] == ["/section/1", "/section/2"]
    assert sections[0].label("zh").startswith("一、")
    first = page_at(government, "/section/1")
    facts = page_facts(government, first, ViewState())
    assert not facts.empty
    assert set(facts["section"].str.split(".").str[0]) == {"1"}
    assert page_at(government, "/study") is None  # a campaign page, not its own


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "path", ["/", "/section/1", "/section/2", "/source", "/present"]
)
def test_every_page_of_another_report_renders(government, library, path, lang):
    shelf = Shelf(library, "tianhe_campaign")
    state = ViewState(lang=lang, report=GBK_REPORT)
    screen = render_screen(
        path, state, [], government, frozenset(), shelf.entries(), GBK_REPORT
    )
    shown = text_of(screen.page)
    assert t("app.not_found", lang, path=path) not in shown
    if path != "/source":
        assert t("status.proposed", lang) in shown  # proposed facts are marked
    # Every link of the bar keeps the report.
    assert f"report={GBK_REPORT}" in text_of(screen.navbar)


def test_the_title_is_the_reports_own(government, dataset):
    assert app_title(dataset, "zh") == t("app.title", "zh")
    assert app_title(government, "zh").startswith("政府工作报告")


def test_the_deck_of_another_report_goes_section_by_section(government):
    slides = section_slides(government, government.facts)
    assert slides[0].spec.visual == "cover"
    titles = [s.heading[0] for s in slides[1:]]
    assert titles[0] == government.outline.set_index("section").loc["1", "title_zh"]
    assert all(len(s.facts) <= 4 for s in slides if s.spec.visual == "numbers")
    # Every figure of a section is on its slides (four to a slide), not the
    # first four only; the slides after the first say they continue it.
    shown = {f for s in slides if s.spec.visual == "numbers" for f in s.facts}
    singles = headline_facts(government, government.facts)
    per_section = singles["section"].str.split(".").str[0].value_counts()
    assert per_section.max() <= SECTION_NUMBERS * SECTION_SLIDES  # none left out
    assert set(singles["id"]) <= shown
    first = government.outline.set_index("section").loc["1", "title_zh"]
    assert titles.count(f"{first}（续）") >= 1


def test_proposed_facts_can_be_shown_or_hidden(government):
    proposed = apply_filters(government.facts, Filters(status=("proposed",)))
    reviewed = apply_filters(government.facts, Filters(status=("reviewed",)))
    assert len(proposed) == len(government.facts) and reviewed.empty


def test_the_review_filter_is_hidden_for_a_report_all_reviewed(dataset, government):
    from components.pages import status_filter_style

    assert status_filter_style(dataset, ViewState()) == {"display": "none"}
    assert status_filter_style(government, ViewState()) == {}


def test_a_stated_number_keeps_its_decimals(government):
    fact = government.facts[government.facts["value"] == 3.35].iloc[0]
    assert fact_quantity(fact, "zh") == "3.35万亿元"


ENTRIES = (
    Entry("a_report", "甲报告", "Report A", "甲单位", "campaign_summary", "", 10, 10),
    Entry("b_report", "乙报告", "Report B", "", "", "2019年", 5, 0),
)


def test_the_library_page_lists_every_report_with_a_link():
    page = make_library_page(ENTRIES, ViewState(lang="en"))
    shown = text_of(page)
    assert "Report A" in shown and "Report B" in shown
    assert "Campaign summary" in shown and "2019年" in shown
    assert report_link(ENTRIES[1], ViewState(lang="en")) == "/?report=b_report&lang=en"


def test_the_switcher_marks_the_report_shown():
    menu = make_report_menu(ENTRIES, ViewState(), "b_report")
    items = [c for c in menu.children if getattr(c, "href", None)]
    assert [i.active for i in items[:2]] == [False, True]
    assert items[-1].href == "/library"
    assert make_report_menu((), ViewState()) is None


def test_a_single_folder_has_no_library(dataset):
    page = make_library_page((), ViewState())
    assert t("library.single", "zh") in text_of(page)
    shelf = Shelf.single(dataset)
    assert shelf.entries() == () and shelf.dataset_for("?report=x") is dataset
    assert isinstance(page, html.Div)


def test_two_facts_of_one_label_are_two_bars_never_one_sum(government):
    from figures.builders import _labels

    rows = government.facts[government.facts["label_zh"] == "城镇新增就业"]
    assert len(rows) == 2  # the year's result and the next year's target
    labels = [label.replace("<br>", "") for label in _labels(rows, "zh")]
    assert len(set(labels)) == 2
    assert all("（一）" in x or "（二）" in x for x in labels), labels


@pytest.mark.parametrize(
    ("excerpt", "zh", "en"),
    [
        ("增长7%左右", "7%左右", "about 7%"),
        ("立案率约7%", "约7%", "about 7%"),
        ("近7%的委员", "近7%", "about 7%"),
    ],
)
def test_about_is_worded_as_the_report_words_it(excerpt, zh, en):
    fact = {
        "value": 7.0,
        "unit": "percent",
        "qualifier": "about",
        "measure": "%",
        "kind": "stated",
        "excerpt": excerpt,
    }
    assert (fact_quantity(fact, "zh"), fact_quantity(fact, "en")) == (zh, en)


def test_filters_offer_only_what_the_report_has(government, dataset):
    from components.urlstate import allowed_filter_values

    assert allowed_filter_values(government)["theme"] == ("general",)
    assert "general" not in allowed_filter_values(dataset)["theme"]
    assert "money" in allowed_filter_values(government)["unit"]


def test_the_overview_of_another_report_offers_its_charts_for_export(government):
    from components.pages import chart_rows

    overview = page_at(government, "/")
    assert overview.charts
    for key in overview.charts:
        assert chart_rows(government, "/", ViewState(), key) is not None


def test_a_proposed_fact_beside_a_list_member_is_marked_on_its_slide(library):
    cppcc = library.load(DOCX_REPORT).dataset
    slides = [s for s in section_slides(cppcc, cppcc.facts) if s.spec.visual == "list"]
    assert slides
    from components.present import _slide

    marks = [
        node
        for n, s in enumerate(slides)
        for node in walk(_slide(cppcc, s, n, "zh"))
        if "status-proposed" in (getattr(node, "className", "") or "")
    ]
    assert marks and all(m.children == t("status.proposed", "zh") for m in marks)


def walk(node):
    """Every component of a tree."""
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child)


class _Renderer:
    """Draws nothing: what a file is named does not need Chromium."""

    def render(self, figure, fmt, scale=2, width=None, height=None):
        return b"image"


def test_a_reports_exported_files_are_named_after_it(government, library):
    shelf = Shelf(library, "tianhe_campaign")
    search = f"?report={GBK_REPORT}"
    download, _ = chart_image(
        government, _Renderer(), "/section/1", search, "figures", "png", "slide",
        reports=shelf,
    )  # fmt: skip
    assert download["filename"].startswith(f"{GBK_REPORT}-section-1-figures-slide-")
    # A slug that is no report of the library never reaches a file's name.
    download, _ = chart_image(
        government, _Renderer(), "/section/1", "?report=x%2F..", "figures", "png",
        "slide", reports=shelf,
    )  # fmt: skip
    assert download["filename"].startswith("section-1-figures-slide-")
