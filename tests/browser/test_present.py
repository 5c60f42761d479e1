"""Presentation mode as a presenter uses it: keys, a clicker, the address, filters,
and every slide readable at the sizes of a projector, with nothing on top of
anything else."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from components.present import deck_slides, title_text
from devtools.browser import wait_for_dashboard
from i18n import t
from tests.browser.conftest import ConsoleLog, screenshot

SIZES = [(1920, 1080), (1280, 720), (1024, 768)]


@pytest.fixture(scope="module")
def slides(dataset):
    return deck_slides(dataset, dataset.facts)


@pytest.fixture(scope="module")
def names(slides):
    return [slide.spec.name for slide in slides]


def open_deck(page, base_url, query=""):
    page.goto(f"{base_url}/present{query}")
    wait_for_dashboard(page)
    expect(page.locator(".slide.active")).to_have_count(1)


def expect_slide(page, name: str, number: int, total: int) -> None:
    """Wait until slide ``number`` of ``total``, named ``name``, is the one shown."""
    expect(page.locator(".slide.active")).to_have_attribute("data-name", name)
    expect(page.locator(".deck-counter")).to_have_text(f"{number} / {total}")


def show_controls(page) -> None:
    """Move the mouse, as a presenter does, and wait for the controls to show."""
    page.mouse.move(300, 300)
    page.mouse.move(320, 310)
    expect(page.locator(".deck-controls")).to_have_css("opacity", "1")


# Where the parts of the active slide are drawn: the title's, citation's and
# controls' text, and everything inside the visual (a number wider than its circle
# counts where it is drawn, not where its box ends).
PARTS = """() => {
    const slide = document.querySelector('.slide.active');
    const rect = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
    const drawn = root => {
        const boxes = [];
        if (!root) { return boxes; }
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            if (!walker.currentNode.textContent.trim()) { continue; }
            const range = document.createRange();
            range.selectNodeContents(walker.currentNode);
            for (const r of range.getClientRects()) { boxes.push(rect(r)); }
        }
        for (const el of root.querySelectorAll('*')) {
            const style = getComputedStyle(el);
            const painted = style.backgroundColor !== 'rgba(0, 0, 0, 0)'
                || style.backgroundImage !== 'none';
            const r = el.getBoundingClientRect();
            if (painted && r.width > 0 && r.height > 0) { boxes.push(rect(r)); }
        }
        return boxes;
    };
    return {
        title: drawn(slide.querySelector('.slide-title')),
        visual: drawn(slide.querySelector('.slide-visual')),
        citation: drawn(slide.querySelector('.slide-citation')),
        controls: drawn(document.querySelector('.deck-controls'))
            .concat(drawn(document.querySelector('.deck-counter'))),
    };
}"""

# Parts that overlap (pairs of names), anything drawn outside the window, and key
# hints broken over two lines. An empty list: the slide reads cleanly.
PROBLEMS = """() => {
    const parts = (PARTS)();
    const problems = [];
    const overlap = (a, b) =>
        Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
        Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
    const names = Object.keys(parts);
    for (let i = 0; i < names.length; i++) {
        for (let j = i + 1; j < names.length; j++) {
            const hit = parts[names[i]].some(a => parts[names[j]].some(
                b => overlap(a, b)));
            if (hit) { problems.push(names[i] + ' × ' + names[j]); }
        }
        for (const box of parts[names[i]]) {
            if (box.left < -0.5 || box.top < -0.5 || box.right > innerWidth + 0.5
                    || box.bottom > innerHeight + 0.5) {
                problems.push(names[i] + ' outside the window');
                break;
            }
        }
    }
    if (!parts.visual.length) { problems.push('no visual'); }
    for (const key of document.querySelectorAll('.deck-key')) {
        const range = document.createRange();
        range.selectNodeContents(key);
        const lines = new Set(Array.from(range.getClientRects(), r => r.top));
        if (lines.size > 1) { problems.push('key hint wraps: ' + key.textContent); }
    }
    return problems;
}""".replace("(PARTS)", f"({PARTS})")

# The flow's circles: each number inside its circle and at least as large as the
# big number (``big``, in px), each circle's area in proportion to its value.
FLOW_READS = """(big) => {
    const stages = Array.from(
        document.querySelectorAll('.slide.active .flow-stage'));
    if (stages.length < 2) { return false; }
    const largest = Math.max(...stages.map(s => +s.dataset.value));
    const widest = Math.max(...stages.map(
        s => s.querySelector('.flow-circle').getBoundingClientRect().width));
    return stages.every(stage => {
        const circle = stage.querySelector('.flow-circle').getBoundingClientRect();
        const number = stage.querySelector('.flow-number');
        const text = number.getBoundingClientRect();
        const size = parseFloat(getComputedStyle(
            number.querySelector('.deck-figure')).fontSize);
        const area = (circle.width / widest) ** 2;
        return size >= big - 0.01
            && Math.abs(area - stage.dataset.value / largest) < 0.02
            && Math.abs(circle.width - circle.height) < 1
            && text.left >= circle.left && text.right <= circle.right
            && text.top >= circle.top && text.bottom <= circle.bottom;
    });
}"""


def wait_until_clean(page, label: str) -> None:
    """Wait for the active slide to read cleanly; fail naming what does not."""
    try:
        page.wait_for_function(f"() => ({PROBLEMS})().length === 0", timeout=5000)
    except PlaywrightTimeout:
        pytest.fail(f"{label}: {page.evaluate(PROBLEMS)}")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
def test_every_slide_reads_cleanly_at_projector_sizes(
    browser, base_url, dataset, slides, names, width, height, lang
):
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        size = (width, height)
        check_every_slide(context, base_url, dataset, slides, names, size, lang)
    finally:
        context.close()


def check_every_slide(context, base_url, dataset, slides, names, size, lang):
    width, height = size
    page = context.new_page()
    page.console = ConsoleLog(page)
    total = len(slides)
    # The big number of a single-number slide, to compare the flow's numbers with.
    appraisal = names.index("appraisal") + 1
    open_deck(page, base_url, f"?lang={lang}&slide={appraisal}")
    expect_slide(page, "appraisal", appraisal, total)
    big = page.locator(".slide.active .slide-number .deck-figure").evaluate(
        "n => parseFloat(getComputedStyle(n).fontSize)"
    )
    page.keyboard.press("Home")
    for number, slide in enumerate(slides, start=1):
        expect_slide(page, slide.spec.name, number, total)
        title = page.locator(".slide.active .slide-title")
        if slide.statement is not None:
            expect(title).to_have_text(title_text(dataset, slide.statement, lang))
        label = f"{width}×{height} {lang} slide {number} ({slide.spec.name})"
        wait_until_clean(page, label + ", mouse still")
        show_controls(page)
        wait_until_clean(page, label + ", controls shown")
        if slide.spec.visual == "flow":
            page.wait_for_function(FLOW_READS, arg=big, timeout=5000)
        if width == 1280:
            screenshot(page, f"present-{lang}-{width}-{number:02d}")
        page.keyboard.press("ArrowRight")
    assert page.console.problems == []


def test_keys_move_between_slides_and_the_url_follows(page, base_url, names):
    open_deck(page, base_url)
    total = len(names)
    expect_slide(page, names[0], 1, total)
    expect(page.locator(".navbar")).to_be_hidden()
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
        expect_slide(page, names[expected - 1], expected, total)
        page.wait_for_url(re.compile(rf"slide={expected}$"))
    page.keyboard.press("PageUp")  # a clicker's "back" on the first slide stays put
    expect_slide(page, names[0], 1, total)
    assert page.console.problems == []


def test_deck_opens_at_the_slide_in_the_url(page, base_url, names):
    number = names.index("consultation") + 1
    open_deck(page, base_url, f"?slide={number}")
    expect_slide(page, "consultation", number, len(names))
    slide = page.locator(".slide.active")
    expect(slide.locator(".slide-title")).to_have_text(
        "发放问卷236份，征求全体委员意见"
    )
    expect(slide.locator(".slide-fact.key .slide-number")).to_have_text("236份")
    expect(slide.locator(".slide-citation")).to_contain_text("“发放调查问卷236份”")
    screenshot(page, "present-consultation")
    assert page.console.problems == []


def test_deck_honours_filters_and_language(page, base_url, dataset):
    open_deck(page, base_url, "?lang=en&theme=research")
    expect(page.locator(".slide")).to_have_count(2)
    expect(page.locator(".slide").nth(1)).to_have_attribute("data-name", "research")
    page.keyboard.press("ArrowRight")
    research = deck_slides(
        dataset, dataset.facts[dataset.facts["theme"] == "research"]
    )[1]
    expect(page.locator(".slide.active .slide-title")).to_have_text(
        title_text(dataset, research.statement, "en")
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
    page.wait_for_function("() => window.__fullscreenRequests === 1")
    page.wait_for_function("() => document.fullscreenElement !== null")
    page.keyboard.press("Escape")  # leaves full screen first…
    page.wait_for_function("() => document.fullscreenElement === null")
    expect(page.locator(".deck")).to_be_visible()
    page.keyboard.press("Escape")  # …then the deck, keeping the filters
    page.wait_for_url(re.compile(r"/\?theme=consultation$"))
    expect(page.locator(".deck")).to_have_count(0)
    wait_for_dashboard(page)
    expect(page.locator(".navbar")).to_be_visible()
    expect(page.locator(".filter-chip")).to_have_count(1)
    assert page.console.problems == []


def test_controls_appear_on_mouse_move(page, base_url):
    open_deck(page, base_url)
    controls = page.locator(".deck-controls")
    expect(controls).to_have_css("opacity", "0")
    show_controls(page)
    page.locator("[data-action=next]").click()
    expect(page.locator(".deck-counter")).to_have_text(re.compile(r"^2 / "))
    page.locator("[data-action=exit]").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator(".deck")).to_have_count(0)
    assert page.console.problems == []


def test_kiosk_mode_advances_by_itself(page, base_url):
    open_deck(page, base_url, "?kiosk=2")
    expect(page.locator(".deck-counter")).to_have_text(
        re.compile(r"^2 / "), timeout=6000
    )
    assert page.console.problems == []


def test_present_button_carries_the_view(page, base_url):
    page.goto(f"{base_url}/work?lang=en&kind=stated")
    wait_for_dashboard(page)
    page.get_by_role("link", name=t("nav.present", "en")).click()
    page.wait_for_url(re.compile(r"/present\?lang=en&kind=stated"))
    expect(page.locator(".slide.active")).to_have_count(1)
    assert page.console.problems == []


OVERLAPS = """parts => {
    const boxes = parts.map(p => p.getBoundingClientRect());
    const found = [];
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, j) => {
        if (a.left < b.right - 1 && b.left < a.right - 1 &&
            a.top < b.bottom - 1 && b.top < a.bottom - 1) {
            found.push([parts[i].className, parts[i + 1 + j].className]);
        }
    }));
    const outside = boxes.filter(b => b.left < 0 || b.right > innerWidth + 1);
    return {found, outside: outside.length};
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_flow_slide_reads_on_a_phone(browser, base_url, names, lang):
    """Held upright, the flow's circles stand one under the other: nothing
    overlaps, nothing leaves the screen, and the citation is reached by scrolling."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.console = ConsoleLog(page)
        number = names.index("rectification") + 1
        open_deck(page, base_url, f"?lang={lang}&slide={number}")
        expect_slide(page, "rectification", number, len(names))
        slide = page.locator(".slide.active")
        expect(slide.locator(".flow-circle")).to_have_count(3)
        parts = slide.locator(
            ".slide-title, .flow-circle, .flow-label, .flow-arrow, .slide-citation"
        )
        page.wait_for_function(
            f"() => {{ const r = ({OVERLAPS})(Array.from(document.querySelectorAll("
            "'.slide.active :is(.slide-title, .flow-circle, .flow-label, "
            f".flow-arrow, .slide-citation)'))); "
            "return r.found.length === 0 && r.outside === 0; }",
            timeout=10_000,
        )
        assert parts.count() >= 9
        citation = slide.locator(".slide-citation")
        citation.scroll_into_view_if_needed()
        expect(citation).to_be_in_viewport()
        assert page.console.problems == []
    finally:
        context.close()
