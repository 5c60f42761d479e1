"""Interrogating the dashboard: pages, filters, cross-filtering, drill-down, URLs,
tables and CSV — as a user does it, in headless Chromium."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from data.export import BOM
from data.vocabulary import VOCABULARY
from i18n import t
from i18n.format import fact_quantity
from tests.browser.conftest import screenshot
from tests.browser.helpers import open_page, path_showing, settle
from tests.pages import PAGES

BAR = ".chart-card .trace.bars .point path"
CHART = ".chart-card .js-plotly-plot"


def choose(page, name, option_label):
    """Pick ``option_label`` in the filter dropdown ``name`` as a user would."""
    page.locator(f"#filter-{name}").click()
    page.get_by_role("option", name=option_label, exact=True).click()
    page.keyboard.press("Escape")


def click_bar(page, bar):
    """Click a bar at its centre, as a user would."""
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)  # plotly picks the point under the pointer on hover
    expect(page.locator(".hoverlayer .hovertext").first).to_be_visible()
    page.mouse.click(x, y)


def panel(page):
    return page.locator(".detail-panel")


def chips(page):
    return page.locator(".filter-chip")


@pytest.mark.parametrize(
    "spec", [p for p in PAGES if p.name != "present"], ids=lambda p: p.name
)
def test_every_page_renders_with_a_clean_console(page, base_url, spec):
    open_page(page, base_url + spec.path)
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(".navbar .nav-link.active")).to_have_text(
        t(f"nav.{spec.name}", "zh")
    )
    for graph in page.locator(".chart-graph").all():  # settled: all are drawn
        expect(graph.locator(".main-svg").first).to_be_visible()
    screenshot(page, f"page-{spec.name}-zh")
    assert page.console.problems == []


def test_filter_changes_charts_url_and_chips(page, base_url, dataset):
    documents = fact_quantity(dataset.fact("questionnaires"), "zh")
    people = fact_quantity(dataset.fact("member_consultations"), "zh")
    open_page(page, base_url + "/consultation")
    content = page.locator("#page")
    expect(content).to_contain_text(documents)
    choose(page, "unit", VOCABULARY.unit_kind_name("people", "zh"))
    expect(page).to_have_url(re.compile(r"unit=people"))
    expect(content).not_to_contain_text(documents)
    expect(content).to_contain_text(people)
    chip = chips(page).filter(has_text=VOCABULARY.unit_kind_name("people", "zh"))
    expect(chip).to_have_count(1)
    chip.locator(".chip-remove").click()
    expect(page).to_have_url(re.compile(r"/consultation$"))
    expect(content).to_contain_text(documents)
    settle(page)
    assert page.console.problems == []


def test_clear_all_undoes_every_filter(page, base_url):
    open_page(page, base_url + "/study?theme=study&kind=derived&fact=lessons")
    expect(chips(page)).to_have_count(3)
    expect(panel(page)).to_be_visible()
    page.keyboard.press("Escape")  # close the panel first
    expect(panel(page)).to_be_hidden()
    expect(chips(page)).to_have_count(2)
    page.locator("#filter-clear").click()
    expect(page).to_have_url(re.compile(r"/study$"))
    expect(chips(page)).to_have_count(0)
    expect(page.locator(".filter-chips")).to_contain_text(t("filter.none", "zh"))
    settle(page)
    assert page.console.problems == []


def test_clicking_a_bar_opens_its_source_and_highlights_it(page, base_url, dataset):
    path = path_showing(page, base_url, BAR)
    open_page(page, base_url + path)
    bars = page.locator(".trace.bars .point path")
    card_id = page.locator(".chart-card", has=bars).first.get_attribute("id")
    click_bar(page, page.locator(f"#{card_id} .trace.bars .point path").first)
    expect(panel(page)).to_be_visible()
    expect(page).to_have_url(re.compile(r"fact=[a-z_]+"))
    fact = dataset.fact(re.search(r"fact=([a-z_]+)", page.url).group(1))
    expect(panel(page).locator("mark").filter(has_text=fact["excerpt"])).to_have_count(
        1
    )
    # The chart is drawn again with the clicked bar bright and the rest dimmed.
    page.wait_for_function(
        """(card) => {
            const opacities = Array.from(document.querySelectorAll(
                '#' + card + ' .trace.bars .point path'))
                .map(p => parseFloat(getComputedStyle(p).opacity));
            return opacities.includes(1) && opacities.some(o => o < 0.5);
        }""",
        arg=card_id,
    )
    settle(page)
    screenshot(page, "detail-from-bar")
    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    settle(page)
    assert page.console.problems == []


def test_keyboard_opens_a_fact_and_escape_closes_it(page, base_url, dataset):
    open_page(page, base_url + "/")
    button = page.locator(".kpi .fact-button").first
    button.focus()
    page.keyboard.press("Enter")
    expect(panel(page)).to_be_visible()
    expect(panel(page)).to_contain_text(dataset.fact("questionnaires")["excerpt"])
    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()
    expect(page).not_to_have_url(re.compile("fact="))
    settle(page)
    assert page.console.problems == []


def test_derived_fact_links_to_its_inputs(page, base_url, dataset):
    open_page(page, base_url + "/study?fact=attendance_per_lecture")
    expect(panel(page)).to_contain_text("lecture_attendance / lecture_sessions")
    label = dataset.fact("lecture_sessions")["label_zh"]
    panel(page).locator(".fact-link", has_text=f"{label}：").first.click()
    expect(page).to_have_url(re.compile(r"fact=lecture_sessions"))
    expect(panel(page).get_by_text("8场辅导报告会").first).to_be_visible()
    settle(page)
    assert page.console.problems == []


def test_show_in_report_jumps_to_the_source(page, base_url):
    open_page(page, base_url + "/consultation?fact=questionnaires")
    expect(panel(page)).to_be_visible()
    panel(page).get_by_role("link", name=t("detail.show_in_report", "zh")).click()
    expect(page).to_have_url(re.compile(r"/source.*#src-questionnaires$"))
    anchor = page.locator("#src-questionnaires")
    expect(anchor).to_have_class(re.compile(r"\bflash\b"))
    expect(anchor).to_be_in_viewport()
    expect(anchor).to_have_text("发放调查问卷236份")
    expect(page.locator("#src-questionnaires:focus-within")).to_be_attached()
    anchor.get_by_role("button").click()
    expect(panel(page)).to_be_visible()
    settle(page)
    assert page.console.problems == []


def test_a_piece_of_the_report_wraps_with_its_text_and_opens_by_keyboard(
    page, base_url, dataset
):
    """A highlighted piece of the report breaks across lines like the words around
    it (no gap at a line's end, no 。 at a line's head), and Enter opens its fact."""
    open_page(page, base_url + "/source")
    marks = page.locator(".report-text .fact-mark")
    expect(marks.first).to_be_visible()
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.report-text .fact-mark'))"
        ".some(m => m.getClientRects().length > 1)"
    )
    mark = page.locator("#src-questionnaires").get_by_role("button")
    mark.focus()
    page.keyboard.press("Enter")
    expect(panel(page)).to_be_visible()
    expect(panel(page)).to_contain_text(dataset.fact("questionnaires")["excerpt"])
    settle(page)
    assert page.console.problems == []


def test_a_shared_url_reproduces_the_view(page, sized_page, base_url):
    url = base_url + "/outcomes?lang=en&kind=stated&fact=satisfaction"
    views = []
    for tab in (page, sized_page(1440, 900)):
        open_page(tab, url)
        expect(panel(tab)).to_be_visible()
        expect(panel(tab)).to_contain_text("≥97%")
        views.append(
            (
                tab.inner_text("#page"),
                tab.inner_text(".filter-chips"),
                panel(tab).inner_text(),
            )
        )
        assert tab.console.problems == []
    assert views[0] == views[1]


def test_back_and_forward_move_between_filter_states(page, base_url):
    open_page(page, base_url + "/work")
    choose(page, "kind", t("kind.derived", "zh"))
    expect(page).to_have_url(re.compile(r"kind=derived$"))
    expect(chips(page)).to_have_count(1)
    settle(page)
    choose(page, "kind", t("kind.stated", "zh"))
    expect(page).to_have_url(re.compile(r"kind=stated,derived$"))
    expect(chips(page)).to_have_count(2)
    page.go_back()
    expect(page).to_have_url(re.compile(r"kind=derived$"))
    expect(chips(page)).to_have_count(1)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/work$"))
    expect(chips(page)).to_have_count(0)
    expect(page.locator(".filter-chips")).to_contain_text(t("filter.none", "zh"))
    page.go_forward()
    expect(page).to_have_url(re.compile(r"kind=derived$"))
    expect(chips(page)).to_have_count(1)
    settle(page)
    assert page.console.problems == []


def test_malformed_url_shows_a_notice(page, base_url):
    open_page(page, base_url + "/research?theme=sports,research&section=%ZZ&bogus=1")
    notice = page.locator(".url-notice")
    for named in ("theme=sports", "bogus=1", "section=%ZZ"):
        expect(notice).to_contain_text(named)
    expect(chips(page)).to_have_count(1)  # research survived
    assert page.console.problems == []


def test_table_view_and_csv_download(page, base_url, dataset, tmp_path):
    open_page(page, base_url + path_showing(page, base_url, CHART))
    card = page.locator(".chart-card").first
    card.get_by_role("tab", name=t("chart.view_table", "zh")).click()
    table = card.locator("table.rows-table")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).not_to_have_count(0)
    shown = rows.locator(".fact-link").evaluate_all(
        "links => links.map(l => JSON.parse(l.id).fact)"
    )
    with page.expect_download() as download:
        card.get_by_role("button", name=t("chart.download_csv", "zh")).click()
    path = tmp_path / "rows.csv"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(BOM)
    records = list(csv.DictReader(io.StringIO(text[len(BOM) :])))
    assert [r["id"] for r in records] == shown
    for record in records:
        assert record["excerpt"] == dataset.fact(record["id"])["excerpt"]
    rows.first.locator(".fact-link").click()
    expect(panel(page)).to_be_visible()
    expect(page).to_have_url(re.compile("fact=" + re.escape(shown[0])))
    settle(page)
    assert page.console.problems == []


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["laptop", "phone"])
def test_an_open_filter_shows_several_choices_at_once(browser, base_url, size):
    """The section filter's names are long: its open list shows at least six of
    them without scrolling, on a laptop and on a phone."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        page = context.new_page()
        open_page(page, base_url + "/?lang=en")
        page.locator("#filter-section").click()
        options = page.get_by_role("option")
        expect(options.nth(5)).to_be_visible()
        expect(options.nth(5)).to_be_in_viewport(ratio=1)
    finally:
        context.close()
