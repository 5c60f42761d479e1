"""Interrogating the dashboard: pages, filters, cross-filtering, drill-down, URLs,
tables and CSV — as a user does it, in headless Chromium."""

from __future__ import annotations

import csv
import io
import re

import pytest

from components.pages import PAGES
from data.export import BOM
from devtools.browser import wait_for_dashboard
from i18n import t
from tests.browser.conftest import screenshot


def open_page(page, base_url, path):
    page.goto(base_url + path)
    wait_for_dashboard(page)


def choose(page, name, option_label):
    """Pick ``option_label`` in the filter dropdown ``name`` as a user would."""
    page.locator(f"#filter-{name}").click()
    page.get_by_role("option", name=option_label, exact=True).click()
    page.keyboard.press("Escape")


def click_bar(page, card, index=0):
    """Click the ``index``-th bar of a chart, at its centre, as a user would."""
    bar = page.locator(f"#card-{card} .trace.bars .point path").nth(index)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)  # plotly picks the point under the pointer on hover
    page.wait_for_timeout(150)
    page.mouse.click(x, y)


def panel(page):
    return page.locator(".detail-panel")


@pytest.mark.parametrize(
    "spec", [p for p in PAGES if p.name != "present"], ids=lambda p: p.name
)
def test_every_page_renders_with_a_clean_console(page, base_url, spec):
    open_page(page, base_url, spec.path)
    text = page.inner_text("#page")
    assert text.strip()
    assert page.locator(".navbar .nav-link.active").inner_text() == t(
        f"nav.{spec.name}", "zh"
    )
    assert page.locator(".chart-graph .main-svg").count() >= 2
    screenshot(page, f"page-{spec.name}-zh")
    assert page.console.problems == []


def test_filter_changes_charts_url_and_chips(page, base_url):
    open_page(page, base_url, "/consultation")
    chart = page.locator("#card-figures .js-plotly-plot")
    assert "236份" in chart.inner_text()
    choose(page, "unit", t("unit_kind.people", "zh"))
    page.wait_for_url(re.compile(r"unit=people"))
    wait_for_dashboard(page)
    assert "236份" not in chart.inner_text()
    assert "85人次" in chart.inner_text()
    chip = page.locator(".filter-chip", has_text=t("unit_kind.people", "zh"))
    assert chip.count() == 1
    chip.locator(".chip-remove").click()
    page.wait_for_url(re.compile(r"/consultation$"))
    wait_for_dashboard(page)
    assert "236份" in chart.inner_text()
    assert page.console.problems == []


def test_clear_all_undoes_every_filter(page, base_url):
    open_page(page, base_url, "/study?theme=study&kind=derived&fact=lessons")
    assert page.locator(".filter-chip").count() == 3
    page.keyboard.press("Escape")  # close the panel first
    page.locator("#filter-clear").click()
    page.wait_for_url(re.compile(r"/study$"))
    wait_for_dashboard(page)
    assert page.locator(".filter-chip").count() == 0
    assert page.console.problems == []


def test_clicking_a_bar_opens_its_source_and_highlights_it(page, base_url, dataset):
    open_page(page, base_url, "/consultation")
    click_bar(page, "figures", 0)
    panel(page).wait_for(state="visible")
    page.wait_for_url(re.compile(r"fact="))
    fact_id = re.search(r"fact=([a-z_]+)", page.url).group(1)
    fact = dataset.fact(fact_id)
    assert fact["theme"] == "consultation"
    assert fact["excerpt"] in panel(page).locator("mark").inner_text()
    wait_for_dashboard(page)
    opacities = page.locator("#card-figures .trace.bars .point path").evaluate_all(
        "paths => paths.map(p => getComputedStyle(p).opacity)"
    )
    assert "1" in opacities and any(float(o) < 0.5 for o in opacities)
    screenshot(page, "detail-from-bar")
    page.keyboard.press("Escape")
    panel(page).wait_for(state="hidden")
    page.wait_for_url(re.compile(r"/consultation$"))
    assert page.console.problems == []


def test_keyboard_opens_a_fact_and_escape_closes_it(page, base_url, dataset):
    open_page(page, base_url, "/")
    button = page.locator(".kpi .fact-button").first
    button.focus()
    page.keyboard.press("Enter")
    panel(page).wait_for(state="visible")
    assert dataset.fact("questionnaires")["excerpt"] in panel(page).inner_text()
    page.keyboard.press("Escape")
    panel(page).wait_for(state="hidden")
    page.wait_for_url(lambda url: "fact=" not in url)
    assert page.console.problems == []


def test_derived_fact_links_to_its_inputs(page, base_url, dataset):
    open_page(page, base_url, "/study?fact=attendance_per_lecture")
    panel(page).wait_for(state="visible")
    assert "lecture_attendance / lecture_sessions" in panel(page).inner_text()
    label = dataset.fact("lecture_sessions")["label_zh"]
    panel(page).locator(".fact-link", has_text=f"{label}：").first.click()
    page.wait_for_url(re.compile(r"fact=lecture_sessions"))
    panel(page).get_by_text("8场辅导报告会").first.wait_for()
    assert page.console.problems == []


def test_show_in_report_jumps_to_the_source(page, base_url):
    open_page(page, base_url, "/consultation?fact=questionnaires")
    panel(page).wait_for(state="visible")
    panel(page).get_by_role("link", name=t("detail.show_in_report", "zh")).click()
    page.wait_for_url(re.compile(r"/source.*#src-questionnaires"))
    wait_for_dashboard(page)
    anchor = page.locator("#src-questionnaires")
    page.wait_for_function(
        "() => document.querySelector('#src-questionnaires.flash') !== null"
    )
    assert anchor.is_visible() and anchor.inner_text() == "发放调查问卷236份"
    assert page.evaluate(
        "() => document.activeElement.closest('#src-questionnaires') !== null"
    )
    anchor.locator("button").click()
    panel(page).wait_for(state="visible")
    assert page.console.problems == []


def test_a_shared_url_reproduces_the_view(page, browser, base_url):
    url = base_url + "/outcomes?lang=en&kind=stated&fact=satisfaction"
    open_page(page, base_url, "/outcomes?lang=en&kind=stated&fact=satisfaction")
    first = (
        page.inner_text("#page"),
        page.inner_text(".filter-chips"),
        panel(page).inner_text(),
    )
    other = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    other.goto(url)
    wait_for_dashboard(other)
    panel(other).wait_for(state="visible")
    second = (
        other.inner_text("#page"),
        other.inner_text(".filter-chips"),
        panel(other).inner_text(),
    )
    other.context.close()
    assert first == second
    assert "≥97%" in first[2]
    assert page.console.problems == []


def test_back_and_forward_move_between_filter_states(page, base_url):
    open_page(page, base_url, "/work")
    choose(page, "kind", t("kind.derived", "zh"))
    page.wait_for_url(re.compile(r"kind=derived$"))
    wait_for_dashboard(page)
    choose(page, "kind", t("kind.stated", "zh"))
    page.wait_for_url(re.compile(r"kind=stated,derived$"))
    wait_for_dashboard(page)
    page.go_back()
    page.wait_for_url(re.compile(r"kind=derived$"))
    page.locator(".filter-chip").first.wait_for()
    wait_for_dashboard(page)
    assert page.locator(".filter-chip").count() == 1
    page.go_back()
    page.wait_for_url(re.compile(r"/work$"))
    page.locator(".filter-chips", has_text=t("filter.none", "zh")).wait_for()
    page.go_forward()
    page.wait_for_url(re.compile(r"kind=derived$"))
    page.locator(".filter-chip").first.wait_for()
    assert page.console.problems == []


def test_malformed_url_shows_a_notice(page, base_url):
    open_page(page, base_url, "/research?theme=sports,research&section=%ZZ&bogus=1")
    notice = page.locator(".url-notice")
    notice.wait_for()
    text = notice.inner_text()
    assert "theme=sports" in text and "bogus=1" in text and "section=%ZZ" in text
    assert page.locator(".filter-chip").count() == 1  # research survived
    assert page.console.problems == []


def test_table_view_and_csv_download(page, base_url, dataset, tmp_path):
    open_page(page, base_url, "/research")
    card = page.locator("#card-lists")
    card.get_by_role("tab", name=t("chart.view_table", "zh")).click()
    table = card.locator("table.rows-table")
    table.wait_for()
    rows = table.locator("tbody tr")
    research_lists = {"objective_constraints", "countermeasures", "research_topics"}
    assert rows.count() == len(research_lists)
    with page.expect_download() as download:
        card.get_by_role("button", name=t("chart.download_csv", "zh")).click()
    path = tmp_path / "lists.csv"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(BOM)
    records = list(csv.DictReader(io.StringIO(text[len(BOM) :])))
    assert {r["id"] for r in records} == research_lists
    for record in records:
        assert record["excerpt"] == dataset.fact(record["id"])["excerpt"]
    rows.first.locator(".fact-link").click()
    panel(page).wait_for(state="visible")
    assert page.console.problems == []
