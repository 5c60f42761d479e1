"""An axe-core audit of every page in both languages, and the keyboard paths a
screen-reader or keyboard user depends on."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from components import ids
from components.layout import NAV_EXPAND
from i18n import t
from tests.browser.conftest import screenshot
from tests.browser.helpers import FITS_WIDTH, REPAIRED, open_page, settle
from tests.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(
    os.environ.get("AXE_PATH", ROOT / ".cache/axe/node_modules/axe-core/axe.min.js")
)
BLOCKING = ("serious", "critical")
# The screens the dashboard is used on: a wall screen, a laptop, a projector, a
# portrait tablet, a phone.
SCREENS = [(1920, 1080), (1366, 768), (1280, 720), (768, 1024), (390, 844)]
# Bootstrap's breakpoints: from this width up the navigation links stand in the bar.
EXPANDED_FROM = {"sm": 576, "md": 768, "lg": 992, "xl": 1200, "xxl": 1400}[NAV_EXPAND]
HTML_LANG = {"zh": "zh-CN", "en": "en"}


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
    open_page(page, f"{base_url}{spec.path}?lang={lang}&mode={mode}")
    page.wait_for_function(REPAIRED)
    assert audit(page) == []
    assert page.console.problems == []


def test_detail_panel_passes_the_audit_too(page, base_url):
    open_page(page, f"{base_url}/consultation?fact=questionnaires")
    # Shown, named, and done sliding in (react-bootstrap drops "showing" then).
    expect(page.locator(".detail-panel.show:not(.showing)")).to_have_attribute(
        "aria-labelledby", re.compile(".")
    )
    page.wait_for_function(REPAIRED)
    assert audit(page) == []


def test_skip_link_is_the_first_stop_and_reaches_the_content(page, base_url):
    open_page(page, base_url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text(t("app.skip", "zh"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    page.keyboard.press("Tab")
    expect(page.locator("main:focus-within")).to_be_attached()
    assert page.console.problems == []


def test_panel_returns_focus_to_the_fact_that_opened_it(page, base_url):
    open_page(page, base_url + "/")
    button = page.locator(".kpi .fact-button").nth(2)
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".detail-panel.show:focus-within")).to_be_attached()
    page.keyboard.press("Escape")
    expect(page.locator(".detail-panel")).to_be_hidden()
    expect(page.locator(".kpi:focus-within")).to_be_attached()
    settle(page)
    assert page.console.problems == []


def chinese_outside_quotations(page) -> list[str]:
    """Text in Chinese that is not a quotation of the report (marked zh-CN)."""
    return page.evaluate("""() => {
        const found = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            if (!/[\\u4e00-\\u9fff]/.test(node.textContent)) { continue; }
            if (node.parentElement.closest('script, style, body [lang="zh-CN"]')) {
                continue;
            }
            found.push(node.textContent.trim().slice(0, 40));
        }
        return found;
    }""")


def test_english_pages_show_no_chinese_outside_quotations(page, base_url):
    """Every UI string goes through the catalog: in English, Chinese may appear only
    in quotations of the report (excerpts, the Source page's text)."""
    for spec in PAGES:
        open_page(page, f"{base_url}{spec.path}?lang=en")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert chinese_outside_quotations(page) == [], spec.name
    assert page.console.problems == []


def latin_words(page) -> set[str]:
    """Latin words of the page's text outside lang="en" elements."""
    return set(
        page.evaluate("""() => {
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            if (node.parentElement.closest('script, style, body [lang="en"]')) {
                continue;
            }
            out.push(...(node.textContent.match(/[A-Za-z]{2,}/g) || []));
        }
        return out;
    }""")
    )


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
        open_page(page, f"{base_url}{spec.path}")
        expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
        words = latin_words(page)
        assert words <= untranslated, (spec.name, words - untranslated)
    assert page.console.problems == []


def wider_than_the_window(tab) -> int | None:
    """The page's width when it scrolls sideways, after giving it time to settle
    into the window; None when it fits."""
    try:
        tab.wait_for_function(FITS_WIDTH, timeout=5_000)
    except Exception:  # still wider: report how wide
        return tab.evaluate("document.documentElement.scrollWidth")
    return None


@pytest.mark.parametrize(("width", "height"), SCREENS, ids=lambda v: str(v))
def test_no_horizontal_scrolling(sized_page, base_url, width, height):
    tab = sized_page(width, height)
    wide = []
    for spec in PAGES:
        for lang in ("zh", "en"):
            open_page(tab, f"{base_url}{spec.path}?lang={lang}")
            if (scroll_width := wider_than_the_window(tab)) is not None:
                wide.append((spec.name, lang, scroll_width))
    assert wide == []
    assert tab.console.problems == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("width", "height"), SCREENS, ids=lambda v: str(v))
def test_navigation_folds_behind_a_menu_button_on_narrow_screens(
    sized_page, base_url, width, height, lang
):
    tab = sized_page(width, height)
    open_page(tab, f"{base_url}/outcomes?lang={lang}")
    menu = tab.get_by_role("button", name=t("nav.menu", lang))
    link = tab.locator(".navbar").get_by_role("link", name=t("nav.source", lang))
    if width >= EXPANDED_FROM:
        expect(menu).to_be_hidden()
        expect(link).to_be_visible()
    else:
        expect(link).to_be_hidden()
        expect(menu).to_have_attribute("aria-expanded", "false")
        menu.click()
        expect(link).to_be_visible()
        expect(menu).to_have_attribute("aria-expanded", "true")
        tab.wait_for_function(FITS_WIDTH)
        screenshot(tab, f"menu-open-{width}-{lang}")
        menu.click()
        expect(link).to_be_hidden()
        expect(menu).to_have_attribute("aria-expanded", "false")
        # The keyboard opens it too, and the links are the next stops after it.
        menu.focus()
        tab.keyboard.press("Enter")
        expect(link).to_be_visible()
        # Open, not opening: a link clicked while the menu still slides open can
        # be missed on a loaded machine.
        expect(tab.locator("#" + ids.NAV_COLLAPSE)).to_have_class(
            re.compile(r"\bshow\b")
        )
        tab.keyboard.press("Tab")
        expect(tab.locator(".navbar .nav-link").first).to_be_focused()
        # Following a link leaves the menu closed on the new page.
        link.click()
        expect(tab).to_have_url(re.compile(r"/source\b"))
        active = tab.locator(".navbar .nav-link.active")
        expect(active).to_have_text(t("nav.source", lang))
        expect(active).to_be_hidden()
        expect(menu).to_have_attribute("aria-expanded", "false")
    settle(tab)
    assert tab.console.problems == []


def test_dark_scheme_is_remembered_and_reaches_the_figures(page, base_url):
    root = page.locator("#app-root")
    open_page(page, base_url + "/consultation")
    page.locator(".mode-link").click()
    expect(page).to_have_url(re.compile(r"mode=dark"))
    expect(root).to_have_attribute("data-bs-theme", "dark")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "dark")
    # The charts are drawn anew in the dark figure background.
    expect(page.locator(".chart-card .main-svg").first).to_have_css(
        "background-color", "rgb(27, 36, 49)"
    )
    settle(page)
    page.goto(base_url + "/research")  # no ?mode= in the address
    expect(page).to_have_url(re.compile(r"mode=dark"))
    expect(root).to_have_attribute("data-bs-theme", "dark")
    settle(page)
    page.locator(".mode-link").click()
    expect(page).to_have_url(re.compile(r"/research$"))
    expect(root).to_have_attribute("data-bs-theme", "light")
    settle(page)
    page.goto(base_url + "/")
    expect(page.locator("main h1")).to_be_visible()
    expect(root).to_have_attribute("data-bs-theme", "light")
    expect(page).to_have_url(re.compile(r"/$"))
    settle(page)
    assert page.console.problems == []
