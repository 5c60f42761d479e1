"""Presentation mode as a presenter uses it: keys, a clicker, the address, filters."""

from __future__ import annotations

import re

from components.present import DECK
from devtools.browser import wait_for_dashboard
from i18n import t
from tests.browser.conftest import screenshot


def open_deck(page, base_url, query=""):
    page.goto(f"{base_url}/present{query}")
    wait_for_dashboard(page)
    page.locator(".slide.active").wait_for()


def active(page) -> tuple[str, str]:
    """The active slide's name and the counter text."""
    name = page.locator(".slide.active").get_attribute("data-name")
    return name, page.locator(".deck-counter").inner_text()


def test_keys_move_between_slides_and_the_url_follows(page, base_url):
    open_deck(page, base_url)
    total = len(DECK)
    assert active(page) == (DECK[0].name, f"1 / {total}")
    assert page.locator(".navbar").is_hidden()
    for key, expected in [
        ("ArrowRight", 2),
        ("PageDown", 3),
        (" ", 4),
        ("ArrowLeft", 3),
        ("PageUp", 2),
        ("End", total),
        ("Home", 1),
    ]:
        page.keyboard.press(key)
        assert active(page) == (DECK[expected - 1].name, f"{expected} / {total}"), key
        page.wait_for_url(re.compile(rf"slide={expected}$"))
    page.keyboard.press("PageUp")  # a clicker's "back" on the first slide stays put
    assert active(page)[1] == f"1 / {total}"
    assert page.console.problems == []


def test_deck_opens_at_the_slide_in_the_url(page, base_url):
    open_deck(page, base_url, "?slide=5")
    assert active(page) == (DECK[4].name, f"5 / {len(DECK)}")
    graph = page.locator(".slide.active .slide-graph .main-svg").first
    box = graph.bounding_box()
    assert box["width"] > 800 and box["height"] > 300  # drawn at the slide's size
    assert page.locator(".slide.active .slide-number").inner_text() == "236份"
    assert (
        "发放调查问卷236份"
        in page.locator(".slide.active .slide-citation").inner_text()
    )
    screenshot(page, "present-slide-5")
    assert page.console.problems == []


def test_deck_honours_filters_and_language(page, base_url):
    open_deck(page, base_url, "?lang=en&theme=research")
    names = page.locator(".slide").evaluate_all(
        "slides => slides.map(s => s.dataset.name)"
    )
    assert names == [spec.name for spec in DECK if spec.themes == ("research",)]
    assert page.locator(".slide.active .slide-title").inner_text() == t(
        "chart.figures.title", "en"
    )
    assert page.console.problems == []


def test_f_requests_full_screen_and_escape_leaves(page, base_url):
    page.add_init_script("""
        window.__fullscreenRequests = 0;
        const request = Element.prototype.requestFullscreen;
        Element.prototype.requestFullscreen = function () {
            window.__fullscreenRequests += 1;
            return request.apply(this, arguments);
        };
    """)
    open_deck(page, base_url, "?theme=consultation&slide=2")
    page.keyboard.press("f")
    assert page.evaluate("window.__fullscreenRequests") == 1
    page.wait_for_function("() => document.fullscreenElement !== null")
    page.keyboard.press("Escape")  # leaves full screen first…
    page.wait_for_function("() => document.fullscreenElement === null")
    assert page.locator(".deck").is_visible()
    page.keyboard.press("Escape")  # …then the deck, keeping the filters
    page.wait_for_url(re.compile(r"/\?theme=consultation$"))
    page.locator(".deck").wait_for(state="detached")
    wait_for_dashboard(page)
    assert page.locator(".navbar").is_visible()
    assert page.locator(".filter-chip").count() == 1
    assert page.console.problems == []


def test_controls_appear_on_mouse_move(page, base_url):
    open_deck(page, base_url)
    controls = page.locator(".deck-controls")
    assert controls.evaluate("c => getComputedStyle(c).opacity") == "0"
    page.mouse.move(300, 300)
    page.mouse.move(320, 310)
    page.wait_for_function(
        "() => document.querySelector('.deck.show-controls .deck-controls') !== null"
    )
    page.wait_for_timeout(400)  # the fade-in
    assert controls.evaluate("c => getComputedStyle(c).opacity") == "1"
    page.locator("[data-action=next]").click()
    assert active(page)[1].startswith("2 / ")
    page.locator("[data-action=exit]").click()
    page.wait_for_url(re.compile(r"/$"))
    page.locator(".deck").wait_for(state="detached")
    assert page.console.problems == []


def test_kiosk_mode_advances_by_itself(page, base_url):
    open_deck(page, base_url, "?kiosk=2")
    page.wait_for_function(
        "() => document.querySelector('.deck-counter').textContent.startsWith('2 / ')",
        timeout=6000,
    )
    assert page.console.problems == []


def test_present_button_carries_the_view(page, base_url):
    page.goto(f"{base_url}/work?lang=en&kind=stated")
    wait_for_dashboard(page)
    page.get_by_role("link", name=t("nav.present", "en")).click()
    page.wait_for_url(re.compile(r"/present\?lang=en&kind=stated"))
    page.locator(".slide.active").wait_for()
    assert page.console.problems == []
