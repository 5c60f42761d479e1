"""The overview as a user meets it, in headless Chromium against a live server."""

from __future__ import annotations

import re

from components.kpi import HEADLINE_CARDS
from devtools.browser import wait_for_dashboard
from i18n import t
from i18n.format import fact_quantity
from tests.browser.conftest import screenshot


def expected_card_values(dataset, spec, lang):
    facts = [dataset.fact(i) for i in spec.fact_ids]
    return [fact_quantity(f, lang) for f in facts]


def open_page(page, base_url, path="/"):
    page.goto(base_url + path)
    wait_for_dashboard(page)


def test_overview_shows_every_headline_number(page, base_url, dataset):
    open_page(page, base_url)
    cards = page.locator(".kpi")
    assert cards.count() == len(HEADLINE_CARDS)
    for index, spec in enumerate(HEADLINE_CARDS):
        text = cards.nth(index).inner_text()
        for value in expected_card_values(dataset, spec, "zh"):
            assert value in text, (spec.name, text)
        assert "出处" in text
    page_text = page.inner_text("#page")
    for literal in ("236份", "85人次", "≥97%", "22项", "8场", "107人次", "100%"):
        assert literal in page_text
    assert page.title() == t("app.title", "zh")
    screenshot(page, "overview-zh")
    assert page.console.problems == []


def test_every_chart_draws_its_bars(page, base_url):
    open_page(page, base_url)
    for key in ("consultation", "themes", "lists"):
        assert page.locator(f"#card-{key} .trace.bars .point").count() > 0, key
        box = page.locator(f"#card-{key} .js-plotly-plot").bounding_box()
        assert box["width"] > 300 and box["height"] > 200, key
    assert "236份" in page.locator("#card-consultation .js-plotly-plot").inner_text()
    assert page.console.problems == []


def test_chinese_text_renders_with_a_cjk_font(page, base_url):
    open_page(page, base_url)
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
    open_page(page, base_url)
    page.locator(".language-link").click()
    page.wait_for_url(re.compile(r"\?lang=en$"))
    page.get_by_text(t("overview.kpi_heading", "en")).wait_for()
    wait_for_dashboard(page)
    text = page.inner_text("#page")
    for value in expected_card_values(dataset, HEADLINE_CARDS[0], "en"):
        assert value in text
    assert page.locator("#page > div").get_attribute("lang") == "en"
    screenshot(page, "overview-en")
    page.locator(".language-link").click()
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_text(t("overview.kpi_heading", "zh")).wait_for()
    assert page.console.problems == []


def test_unknown_path_offers_the_way_back(page, base_url):
    page.goto(f"{base_url}/no-such-page")
    page.get_by_text(t("app.not_found", "zh", path="/no-such-page")).wait_for()
    page.get_by_role("link", name=t("app.back_home", "zh")).click()
    page.locator(".kpi").first.wait_for()
    wait_for_dashboard(page)
    assert page.locator(".kpi").count() == len(HEADLINE_CARDS)
    assert page.console.problems == []


def test_chart_toolbar_speaks_the_pages_language(page, base_url):
    for query, expected in (
        ("", "下载图表为PNG格式"),
        ("?lang=en", "Download plot as a PNG"),
    ):
        open_page(page, base_url, "/" + query)
        graph = page.locator("#card-themes .js-plotly-plot")
        graph.hover()
        titles = graph.locator(".modebar-btn").evaluate_all(
            "buttons => buttons.map(b => b.getAttribute('data-title'))"
        )
        assert expected in titles, titles
    assert page.console.problems == []
