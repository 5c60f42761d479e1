"""An axe-core audit of every page in both languages, and the keyboard paths a
screen-reader or keyboard user depends on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from components.pages import PAGES
from devtools.browser import wait_for_dashboard
from i18n import t

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(
    os.environ.get("AXE_PATH", ROOT / ".cache/axe/node_modules/axe-core/axe.min.js")
)
BLOCKING = ("serious", "critical")


def audit(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    assert AXE.is_file(), f"axe-core is missing at {AXE}: run 'make test' (npm install)"
    # Evaluated through the DevTools protocol: the page's Content-Security-Policy
    # (rightly) refuses an injected inline <script>.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']}))"
        ".violations.map(v => ({id: v.id, impact: v.impact,"
        " targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['targets']}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.name)
def test_no_serious_accessibility_violations(page, base_url, spec, lang, mode):
    page.goto(f"{base_url}{spec.path}?lang={lang}&mode={mode}")
    wait_for_dashboard(page)
    page.wait_for_timeout(200)  # the repairs in assets/a11y.js run on the next frame
    assert audit(page) == []
    assert page.console.problems == []


def test_detail_panel_passes_the_audit_too(page, base_url):
    page.goto(f"{base_url}/consultation?fact=questionnaires")
    wait_for_dashboard(page)
    page.locator(".detail-panel.show").wait_for()
    page.wait_for_timeout(400)
    assert audit(page) == []


def test_skip_link_is_the_first_stop_and_reaches_the_content(page, base_url):
    page.goto(base_url + "/")
    wait_for_dashboard(page)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == t("app.skip", "zh")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#main'")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    assert page.console.problems == []


def test_panel_returns_focus_to_the_fact_that_opened_it(page, base_url):
    page.goto(base_url + "/")
    wait_for_dashboard(page)
    button = page.locator(".kpi .fact-button").nth(2)
    button.focus()
    page.keyboard.press("Enter")
    page.locator(".detail-panel.show").wait_for()
    assert page.evaluate("document.activeElement.closest('.detail-panel') !== null")
    page.keyboard.press("Escape")
    page.locator(".detail-panel").wait_for(state="hidden")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.closest('.kpi')"
    )
    assert page.console.problems == []


def test_english_pages_show_no_chinese_outside_quotations(page, base_url):
    """Every UI string goes through the catalog: in English, Chinese may appear only
    in quotations of the report (excerpts, the Source page's text)."""
    quoted = "script, style"  # everything else quoted is marked lang="zh-CN"
    for spec in PAGES:
        page.goto(f"{base_url}{spec.path}?lang=en")
        wait_for_dashboard(page)
        leftovers = page.evaluate(
            """(quoted) => {
            const found = [];
            const walker = document.createTreeWalker(
                document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                const element = node.parentElement;
                if (!/[\\u4e00-\\u9fff]/.test(node.textContent)) continue;
                const skip = quoted + ', body [lang="zh-CN"]';
                if (element.closest(skip)) continue;
                found.push(node.textContent.trim().slice(0, 40));
            }
            return found;
        }""",
            quoted,
        )
        assert leftovers == [], (spec.name, leftovers)
        assert page.evaluate("document.documentElement.lang") == "en"
    assert page.console.problems == []


@pytest.mark.parametrize(
    ("width", "height", "langs"),
    [(1920, 1080, ("zh",)), (1366, 768, ("zh", "en")), (768, 1024, ("zh", "en"))],
)
def test_no_horizontal_scrolling(browser, base_url, width, height, langs):
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    wide = []
    for spec in PAGES:
        for lang in langs:
            tab.goto(f"{base_url}{spec.path}?lang={lang}")
            wait_for_dashboard(tab)
            scroll_width = tab.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                wide.append((spec.name, lang, scroll_width))
    context.close()
    assert wide == []


def test_dark_scheme_is_remembered_and_reaches_the_figures(page, base_url):
    page.goto(base_url + "/work")
    wait_for_dashboard(page)
    page.locator(".mode-link").click()
    page.wait_for_url(lambda url: "mode=dark" in url)
    wait_for_dashboard(page)
    assert page.evaluate("document.documentElement.dataset.bsTheme") == "dark"
    background = page.locator("#card-figures .main-svg").first.evaluate(
        "svg => getComputedStyle(svg).backgroundColor"
    )
    assert background == "rgb(27, 36, 49)"  # the dark figure background
    page.wait_for_load_state("networkidle")
    page.goto(base_url + "/research")  # no ?mode= in the address
    wait_for_dashboard(page)
    assert "mode=dark" in page.url
    assert page.locator("#app-root").get_attribute("data-bs-theme") == "dark"
    page.locator(".mode-link").click()
    page.wait_for_url(lambda url: "mode=" not in url)
    wait_for_dashboard(page)
    page.wait_for_load_state("networkidle")
    page.goto(base_url + "/")
    wait_for_dashboard(page)
    assert page.locator("#app-root").get_attribute("data-bs-theme") == "light"
    assert page.console.problems == []


def test_chinese_pages_show_no_english_ui_text(page, base_url):
    """The other direction: on Chinese pages, Latin words appear only as names that
    stay untranslated (file formats, key names) or inside lang="en" elements."""
    untranslated = {
        "CSV",
        "PNG",
        "SVG",
        "PDF",
        "Esc",
        "PageDown",
        "PageUp",
        "Home",
        "End",
    }
    for spec in PAGES:
        page.goto(f"{base_url}{spec.path}")
        wait_for_dashboard(page)
        words = page.evaluate("""() => {
            const out = [];
            const walker = document.createTreeWalker(
                document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                if (node.parentElement.closest('script, style, body [lang="en"]')) {
                    continue;
                }
                out.push(...(node.textContent.match(/[A-Za-z]{2,}/g) || []));
            }
            return out;
        }""")
        assert set(words) <= untranslated, (spec.name, set(words) - untranslated)
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.console.problems == []
