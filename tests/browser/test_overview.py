"""The overview as a user meets it, in headless Chromium against a live server."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from components.kpi import HEADLINE_CARDS
from i18n import t
from i18n.format import fact_quantity
from tests.browser.conftest import screenshot
from tests.browser.helpers import open_page, path_showing, settle
from tests.pages import PAGES


def expected_card_values(dataset, spec, lang):
    facts = [dataset.fact(i) for i in spec.fact_ids]
    return [fact_quantity(f, lang) for f in facts]


def test_overview_shows_every_headline_number(page, base_url, dataset):
    open_page(page, base_url + "/")
    cards = page.locator(".kpi")
    expect(cards).to_have_count(len(HEADLINE_CARDS))
    for index, spec in enumerate(HEADLINE_CARDS):
        for value in expected_card_values(dataset, spec, "zh"):
            expect(cards.nth(index)).to_contain_text(value)
        expect(cards.nth(index).locator(".kpi-source")).not_to_be_empty()
    expect(page).to_have_title(re.compile(re.escape(t("app.title", "zh")) + "$"))
    screenshot(page, "overview-zh")
    assert page.console.problems == []


def test_every_chart_is_drawn_with_its_marks(page, base_url):
    drawn = 0
    for spec in PAGES:
        if not spec.charts or spec.name == "present":
            continue
        open_page(page, base_url + spec.path)
        for graph in page.locator(".chart-card .js-plotly-plot").all():
            expect(graph.locator(".main-svg").first).to_be_visible()
            box = graph.bounding_box()
            assert box["width"] > 300 and box["height"] > 150, spec.name
            # Something drawn: traces, or shapes (the flow's circles are shapes).
            assert graph.evaluate(
                "g => g.data.length + ((g.layout || {}).shapes || []).length"
            ), spec.name
            drawn += 1
    assert drawn, "no page drew a chart"
    assert page.console.problems == []


def test_chinese_text_renders_with_a_cjk_font(page, base_url):
    open_page(page, base_url + "/")
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Noto Sans CJK SC"')
    # Rasterise two different characters in the page's font: real glyphs differ,
    # while missing-glyph boxes ("tofu") would come out identical.
    different = page.evaluate("""() => {
        const draw = (ch) => {
            const canvas = document.createElement('canvas');
            canvas.width = canvas.height = 48;
            const c = canvas.getContext('2d');
            c.font = '40px ' + getComputedStyle(document.body).fontFamily;
            c.fillText(ch, 4, 40);
            return Array.from(c.getImageData(0, 0, 48, 48).data).join(',');
        };
        return draw('政') !== draw('协') && draw('政') !== draw('');
    }""")
    assert different
    assert page.console.problems == []


def test_switching_to_english_and_back(page, base_url, dataset):
    open_page(page, base_url + "/")
    page.locator(".language-link").click()
    expect(page).to_have_url(re.compile(r"\?lang=en$"))
    expect(page.locator("#page > div")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_title(re.compile(re.escape(t("app.title", "en")) + "$"))
    for value in expected_card_values(dataset, HEADLINE_CARDS[0], "en"):
        expect(page.locator("#page")).to_contain_text(value)
    settle(page)
    screenshot(page, "overview-en")
    page.locator(".language-link").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#page > div")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_text(t("overview.kpi_heading", "zh"))).to_be_visible()
    expect(page).to_have_title(re.compile(re.escape(t("app.title", "zh")) + "$"))
    settle(page)
    assert page.console.problems == []


def test_unknown_path_offers_the_way_back(page, base_url):
    page.goto(f"{base_url}/no-such-page")
    expect(
        page.get_by_text(t("app.not_found", "zh", path="/no-such-page"))
    ).to_be_visible()
    page.get_by_role("link", name=t("app.back_home", "zh")).click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".kpi")).to_have_count(len(HEADLINE_CARDS))
    settle(page)
    assert page.console.problems == []


def test_chart_toolbar_speaks_the_pages_language(page, base_url):
    charted = path_showing(page, base_url, ".chart-card .js-plotly-plot")
    for query, expected in (
        ("", "下载图表为PNG格式"),
        ("?lang=en", "Download plot as a PNG"),
    ):
        open_page(page, base_url + charted + query)
        graph = page.locator(".chart-card .js-plotly-plot").first
        graph.hover()
        expect(graph.locator(f'.modebar-btn[data-title="{expected}"]')).to_have_count(1)
    assert page.console.problems == []
