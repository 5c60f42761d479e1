"""The detail panel's content, the report helpers, the CSV export, and how charts
are laid out and named for image export (no browser: see
tests/integration/test_export.py for the images themselves)."""

import csv
import io
import json
import re
from datetime import date

import pytest

from callbacks.exports import answer_request, chart_image, screen_size
from components.charts import (
    MENU_PNG_PRESETS,
    ON_SCREEN_CLASS,
    export_choice,
    export_request,
    file_stem,
    graph_config,
    make_chart_card,
    preset_label,
    zoomable,
)
from components.detail import make_detail
from components.urlstate import ViewState
from data.export import BOM, rows_to_csv
from data.provenance import hedge_word
from data.report import paragraph_at, paragraphs, segments
from data.vocabulary import VOCABULARY
from exporter.bundle import deck_cover, export_items
from exporter.layout import (
    GAP,
    LINE_HEIGHT,
    PAD,
    PRESETS,
    SOURCE_SIZE,
    TITLE_SIZE,
    bottom_axis,
    canvas_for,
    has_legend,
    lay_out,
    text_width,
    wrap,
)
from figures.charts import CHARTS
from i18n import t
from tests.pages import PAGES
from tests.unit.test_pages import text_of


def test_detail_shows_excerpt_in_its_paragraph(dataset):
    title, body = make_detail(dataset, "questionnaires", "zh")
    text = text_of(body)
    assert title == "发放调查问卷"
    assert "发放调查问卷236份" in text
    assert "征求全体政协委员" in text  # words around the excerpt
    assert "一、4" in text


def test_detail_lists_the_other_facts_of_the_paragraph(dataset):
    _, body = make_detail(dataset, "questionnaires", "zh")
    links = [
        c.id["fact"] for c in _walk(body) if isinstance(getattr(c, "id", None), dict)
    ]
    assert {"symposiums", "member_consultations", "coverage"} <= set(links)
    assert "questionnaires" not in links


def test_derived_ratio_links_its_inputs(dataset):
    _, body = make_detail(dataset, "attendance_per_lecture", "en")
    text = text_of(body)
    assert "lecture_attendance / lecture_sessions" in text
    links = {
        (c.id["fact"], c.id["origin"])
        for c in _walk(body)
        if isinstance(getattr(c, "id", None), dict)
    }
    assert ("lecture_sessions", "detail-input") in links
    assert ("lecture_attendance", "detail-input") in links


def test_derived_count_lists_the_members(dataset):
    _, body = make_detail(dataset, "accounts_reviewed", "zh")
    text = text_of(body)
    for member in (
        "经费预算支出帐",
        "政协文史工作帐",
        "提案质量帐",
        "调研成效帐",
        "联谊服务帐",
    ):
        assert member in text


def _walk(component):
    if isinstance(component, list | tuple):
        for child in component:
            yield from _walk(child)
        return
    if component is None or isinstance(component, str | int | float):
        return
    yield component
    yield from _walk(getattr(component, "children", None))


def test_paragraphs_cover_the_report(dataset):
    found = paragraphs(dataset.report)
    assert found[0].text == dataset.report.split("\n")[0]
    for paragraph in found:
        assert dataset.report[paragraph.start : paragraph.end] == paragraph.text
    assert paragraph_at(dataset.report, 3029).start <= 3029


def test_segments_rebuild_the_text_and_prefer_the_shortest_excerpt(dataset):
    paragraph = paragraph_at(dataset.report, dataset.fact("lecture_sessions")["start"])
    pieces = segments(paragraph.text, paragraph.start, dataset.facts)
    assert "".join(p.text for p in pieces) == paragraph.text
    lecture = next(p for p in pieces if p.text == "8场辅导报告会")
    assert lecture.fact_ids[0] == "lecture_sessions"
    assert "attendance_per_lecture" in lecture.fact_ids


def test_csv_has_a_bom_and_no_formulas(dataset):
    rows = CHARTS["lists"].rows(dataset, dataset.facts).copy()
    rows.loc[rows.index[0], "label_en"] = '=HYPERLINK("http://x")'
    rows.loc[rows.index[1], "label_en"] = "+1"
    rows.loc[rows.index[2], "label_en"] = "@SUM(A1)"
    rows.loc[rows.index[3], "label_en"] = "-2"
    text = rows_to_csv(rows)
    assert text.startswith(BOM)
    table = list(csv.DictReader(io.StringIO(text[len(BOM) :])))
    assert len(table) == len(rows)
    assert [r["label_en"] for r in table[:4]] == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'@SUM(A1)",
        "'-2",
    ]
    assert table[5]["label_zh"] == rows.iloc[5]["label_zh"]
    assert float(table[5]["value"]) == rows.iloc[5]["value"]


# --- Exported images ---------------------------------------------------------

DAY = date(2026, 11, 27)
LONG_TITLE = (
    "征求全体政协委员和机关干部群众意见、梳理问题方面、提出具体整改措施的全过程 · "
    "Opinions, problem areas and measures, from the first symposium to the last"
)


def export_cases(dataset):
    """Every exported chart in both languages, and one with a very long title."""
    items = [
        item
        for lang in ("zh", "en")
        for item in export_items(dataset, ViewState(lang=lang), DAY)
    ]
    assert items, "no chart to export"
    cases = [(item.name, item.figure, item.title, item.source) for item in items]
    first = items[0]
    cases.append(("long-title", first.figure, LONG_TITLE, LONG_TITLE + first.source))
    return cases


def axis_title_space(figure) -> float:
    """What the bottom axis needs below the plot: tick labels, then its title."""
    name = bottom_axis(figure)
    if name is None:
        return 0
    size = figure.layout.template.layout.font.size
    title = figure.layout[name].title.text
    return size * 1.2 + (size * 1.2 + 8 if title else 0)


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_title_plot_axis_titles_and_source_each_have_their_own_band(dataset, preset):
    """Read from the figure's layout: the title ends above the legend and the
    plot; the source line starts below the plot and the bottom axis' tick labels
    and title, and ends inside the image."""
    for name, figure, title, source in export_cases(dataset):
        laid = lay_out(figure, title, source, PRESETS[preset], (900, 420))
        layout = laid.figure.layout
        height = layout.height
        plot_top, plot_bottom = layout.margin.t, height - layout.margin.b
        assert plot_bottom - plot_top >= 100, name

        title_lines = layout.title.text.count("<br>") + 1
        title_top = (1 - layout.title.y) * height
        title_bottom = title_top + title_lines * TITLE_SIZE * LINE_HEIGHT
        legend = laid.bands.legend  # rows of legend items, above the plot
        assert (legend >= 22) == has_legend(laid.figure), name
        assert layout.title.yref == "container" and title_top >= PAD - 1, name
        assert title_bottom + legend <= plot_top, name

        note = layout.annotations[-1]  # the source line, added last
        assert note.yref == "paper" and note.y == 0 and note.yanchor == "top"
        source_top = plot_bottom - note.yshift
        source_lines = note.text.count("<br>") + 1
        source_bottom = source_top + source_lines * SOURCE_SIZE * LINE_HEIGHT
        assert source_top >= plot_bottom + axis_title_space(figure) + GAP, name
        assert source_bottom <= height - PAD + 1, name
        # Every line of title and source fits the image's width.
        for text, size in ((layout.title.text, TITLE_SIZE), (note.text, SOURCE_SIZE)):
            for line in text.split("<br>"):
                assert text_width(line, size) <= laid.canvas.width - 2 * PAD, line


def test_long_titles_and_sources_wrap_instead_of_being_clipped(dataset):
    figure = export_cases(dataset)[0][1]
    laid = lay_out(figure, LONG_TITLE, LONG_TITLE, PRESETS["square"])
    lines = laid.figure.layout.title.text.split("<br>")
    assert len(lines) >= 2
    assert "".join(lines).replace(" ", "") == LONG_TITLE.replace(" ", "")
    for line in lines:
        assert text_width(line, TITLE_SIZE) <= laid.canvas.width - 2 * PAD


def test_wrapping_keeps_words_whole_and_punctuation_with_its_text():
    lines = wrap("Source: the report of the campaign, generated today", 120, 12)
    assert len(lines) > 1
    assert " ".join(lines) == "Source: the report of the campaign, generated today"
    chinese = wrap(
        "数据来源：《天河区政协机关深入学习实践科学发展观活动总结》", 100, 12
    )
    assert all(not line.startswith(("》", "，", "。", "：")) for line in chinese)
    assert (
        "".join(chinese) == "数据来源：《天河区政协机关深入学习实践科学发展观活动总结》"
    )


def test_presets_have_the_sizes_people_ask_for():
    assert PRESETS["word"].pixel_width == 1890  # 16 cm at 300 dpi
    assert (PRESETS["slide"].pixel_width, PRESETS["slide"].pixel_height) == (
        1920,
        1080,
    )
    assert (PRESETS["square"].pixel_width, PRESETS["square"].pixel_height) == (
        1080,
        1080,
    )
    assert PRESETS["word"].page.name == "A4"
    assert round(PRESETS["word"].page.width - 2 * PRESETS["word"].page.margin) == 605


@pytest.mark.parametrize("needed", [200, 720, 721, 1000, 2345])
def test_a_tall_chart_zooms_out_and_keeps_the_presets_pixels(needed):
    for name in ("slide", "square"):
        canvas = canvas_for(PRESETS[name], needed)
        assert canvas.height >= min(needed, PRESETS[name].height)
        assert canvas.pixels == (
            PRESETS[name].pixel_width,
            PRESETS[name].pixel_height,
        )
    word = canvas_for(PRESETS["word"], needed)
    assert word.pixels[0] == 1890 and word.height >= needed


def test_file_names_carry_page_chart_preset_language_and_date():
    assert (
        file_stem("outcomes", "flow", "zh", "slide", DAY)
        == "outcomes-flow-slide-zh-2026-11-27"
    )


def test_the_toolbar_offers_only_what_applies_in_the_pages_language(dataset):
    config = graph_config("outcomes", "figures", "zh")
    assert config["locale"] == "zh-CN"
    assert not config["displaylogo"] and not config["showLink"]
    assert not config["showSendToCloud"] and not config["showEditInChartStudio"]
    buttons = [name for group in config["modeBarButtons"] for name in group]
    assert buttons[0] == "toImage"
    assert not {"lasso2d", "select2d", "sendDataToCloud"} & set(buttons)
    assert config["toImageButtonOptions"]["filename"].startswith(
        "outcomes-figures-screen-zh-"
    )
    assert graph_config("outcomes", "flow", "en", zoomable=False)["modeBarButtons"] == [
        ["toImage"]
    ]
    for item in export_items(dataset, ViewState(), DAY):
        bars = any(trace.type == "bar" for trace in item.figure.data)
        assert zoomable(item.figure) == bars, item.name  # the flow's axes are fixed


def test_each_chart_card_offers_png_presets_svg_and_pdf_pages(dataset):
    item = export_items(dataset, ViewState(lang="en"), DAY)[0]
    card = make_chart_card(item.page, item.key, item.figure, item.rows, "en")
    text = str(card.to_plotly_json())
    for preset in MENU_PNG_PRESETS:
        assert repr(export_choice(item.key, "png", preset)) in text
        assert preset_label(preset, "en") in text
    assert repr(export_choice(item.key, "svg", "slide")) in text
    assert repr(export_choice(item.key, "pdf", "word")) in text
    assert repr(export_choice(item.key, "pdf", "slide")) in text
    assert ON_SCREEN_CLASS in text and repr(export_request(item.key)) in text
    assert "1920×1080" in preset_label("slide", "zh")
    assert "16" in preset_label("word", "zh") and "A4" not in preset_label("word", "en")


@pytest.mark.parametrize(
    ("request_", "size"),
    [
        ({"format": "png", "width": 800, "height": 400}, (800, 400)),
        ({"width": 800.5, "height": 400}, None),
        ({"width": True, "height": 400}, None),
        ({"width": 10, "height": 400}, None),
        ({"width": 800, "height": 99_999}, None),
        ("800x400", None),
        (None, None),
    ],
)
def test_only_a_plausible_screen_size_is_taken(request_, size):
    assert screen_size(request_) == size


class FakeRenderer:
    """Records what it is asked to draw; draws nothing."""

    def __init__(self):
        self.calls = []
        self.figures = []

    def render(self, figure, fmt, scale=2, width=None, height=None):
        self.calls.append((fmt, scale, width, height, figure.layout.title.text))
        self.figures.append(figure)
        return b"<svg/>" if fmt == "svg" else b"image"

    def print_pdf(self, html):
        self.calls.append(("print", html))
        return b"%PDF"


def test_a_chart_is_exported_at_its_preset_with_its_name(dataset):
    item = export_items(dataset, ViewState(lang="en"), DAY)[0]
    path = next(page.path for page in PAGES if page.name == item.page)
    renderer = FakeRenderer()
    download, lang = chart_image(
        dataset, renderer, path, "?lang=en", item.key, "png", "square"
    )
    assert lang == "en"
    assert re.fullmatch(
        rf"{item.page}-{item.key}-square-en-\d{{4}}-\d\d-\d\d\.png",
        download["filename"],
    )
    fmt, scale, width, height, title = renderer.calls[0]
    assert fmt == "png" and width / height == 1 and round(width * scale) == 1080
    assert t(f"chart.{item.key}.title", "en") in title

    renderer = FakeRenderer()
    chart_image(dataset, renderer, path, "", item.key, "png", "screen", (700, 300))
    assert renderer.calls[0][2] == 700 and renderer.calls[0][1] == pytest.approx(2)

    renderer = FakeRenderer()
    download, _ = chart_image(dataset, renderer, path, "", item.key, "pdf", "word")
    assert download["type"] == "application/pdf"
    assert "size: 793.7" in renderer.calls[-1][1]  # an A4 page, 210 mm wide

    for bad in (("gif", "slide"), ("png", "poster"), ("png", None)):
        assert chart_image(dataset, FakeRenderer(), path, "", item.key, *bad)[0] is None
    assert chart_image(dataset, FakeRenderer(), "/x", "", item.key, "png")[0] is None


# --- The filters an export was made under --------------------------------------


def filtered(lang: str) -> ViewState:
    filters = ViewState().filters.toggled("theme", "work").toggled("unit", "people")
    return ViewState(lang=lang, filters=filters)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_export_under_filters_names_them_in_source_caption_and_deck(dataset, lang):
    items = export_items(dataset, filtered(lang), DAY)
    assert items, "no chart under these filters"
    theme = VOCABULARY.theme_name("work", lang)
    unit = VOCABULARY.unit_kind_name("people", lang)
    parts = [
        t("export.filter_part", lang, name=t(f"filter.{name}", lang), values=value)
        for name, value in (("theme", theme), ("unit", unit))
    ]
    note = t("export.filtered", lang, filters=t("export.filter_and", lang).join(parts))
    for item in items:
        assert note in item.source.splitlines(), "the source band has its own line"
        assert note in item.caption.splitlines()
        laid = item.laid_out(PRESETS["slide"])
        assert note in laid.bands.source_lines or theme in "".join(
            laid.bands.source_lines
        )
    cover = deck_cover(dataset, filtered(lang), len(items), DAY)
    assert note in cover.lines


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_export_without_filters_says_nothing_of_filters(dataset, lang):
    items = export_items(dataset, ViewState(lang=lang), DAY)
    marker = t("export.filtered", lang, filters="")
    for item in items:
        assert marker not in item.source and marker not in item.caption
        assert len(item.source.splitlines()) == 1
    cover = deck_cover(dataset, ViewState(lang=lang), len(items), DAY)
    assert not any(marker in line for line in cover.lines)


def test_a_single_chart_export_names_the_filters_in_its_image(dataset):
    item = export_items(dataset, filtered("en"), DAY)[0]
    path = next(page.path for page in PAGES if page.name == item.page)
    renderer = FakeRenderer()
    chart_image(
        dataset, renderer, path, "?lang=en&theme=work", item.key, "svg", "slide"
    )
    band = " ".join(a.text for a in renderer.figures[0].layout.annotations)
    assert t("export.filtered", "en", filters="") in band
    assert VOCABULARY.theme_name("work", "en") in band


# --- "As on screen" from a hidden chart --------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "request_",
    [
        {"format": "png", "preset": "screen", "width": 0, "height": 0},
        {"format": "png", "preset": "screen", "width": 800, "height": 3},
        {"format": "png", "preset": "screen"},
    ],
)
def test_a_screen_size_no_chart_has_is_refused_in_the_pages_language(
    dataset, lang, request_
):
    item = export_items(dataset, ViewState(lang=lang), DAY)[0]
    path = next(page.path for page in PAGES if page.name == item.page)
    renderer = FakeRenderer()
    search = "?lang=en" if lang == "en" else ""
    download, status = answer_request(
        dataset, renderer, path, search, item.key, request_
    )
    assert download is None and renderer.calls == [], "nothing is drawn"
    shown = text_of(status)
    assert shown.startswith(t("export.screen_size", lang).split("{")[0])
    width, height = request_.get("width", "?"), request_.get("height", "?")
    assert f"{width}×{height}" in shown and "240×120" in shown


def test_a_request_for_a_preset_draws_it_and_one_on_screen_at_its_size(dataset):
    item = export_items(dataset, ViewState(lang="en"), DAY)[0]
    path = next(page.path for page in PAGES if page.name == item.page)
    renderer = FakeRenderer()
    asked = {"format": "png", "preset": "screen", "width": 700, "height": 300}
    download, status = answer_request(
        dataset, renderer, path, "?lang=en", item.key, asked
    )
    assert status is None and download["filename"].endswith(".png")
    assert renderer.calls[0][2] == 700
    renderer = FakeRenderer()
    download, _ = answer_request(
        dataset, renderer, path, "", item.key, {"format": "svg", "preset": "slide"}
    )
    assert download["type"] == "image/svg+xml" and renderer.calls[0][2] == 1280
    download, status = answer_request(
        dataset, FakeRenderer(), path, "", item.key, {"format": "gif", "preset": "x"}
    )
    assert download is None and item.key in text_of(status)


def test_the_detail_panel_quotes_the_reports_own_hedge(dataset):
    """约, 左右, 逾, 不少于… are quoted as the report writes them, not one word per
    kind of hedge."""
    for fact in dataset.facts.to_dict("records"):
        if fact["qualifier"] == "exact":
            continue
        _, body = make_detail(dataset, fact["id"], "zh")
        parts = [getattr(part, "to_plotly_json", lambda p=part: p)() for part in body]
        shown = json.dumps(parts, ensure_ascii=False, default=str)
        word = hedge_word(fact["excerpt"], fact["qualifier"])
        assert word and f"原文“{word}”" in shown, (fact["id"], word)
    assert hedge_word("立案率约90%", "about") == "约"
    assert hedge_word("增长7%左右", "about") == "左右"
    assert hedge_word("引进人才逾千人", "more_than") == "逾"
    assert hedge_word("不少于26个", "at_least") == "不少于"


def test_the_coverage_charts_caption_says_what_it_shows(dataset):
    from exporter.bundle import export_items
    from figures.summaries import summarise

    items = export_items(dataset, ViewState(), DAY)
    item = next(i for i in items if i.key == "coverage")
    assert summarise("coverage", item.rows, "zh") in item.caption
