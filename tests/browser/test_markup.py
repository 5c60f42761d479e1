"""A label holding markup shows as typed on the page: the tick is text, not a
link and not bold, and the hover says the same characters."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from components.urlstate import ViewState
from dashboard import create_app
from data.schemas import FactSchema as F
from devtools.live_server import live_server
from exporter.bundle import export_items
from tests.browser.helpers import open_page
from tests.markup import hostile_dataset

# The consultation page's bars, each labelled with something plotly would read:
# a link, bold and an entity, a line break and TeX (plotly typesets $…$ when
# MathJax is loaded; the page loads none), hover template placeholders.
LABELS = (
    'Q <a href="https://evil.example/phish">click</a>',
    "<b>bold</b> &lt; 97%",
    "x<br>y $x^2$",
    "%{x} %{y}",
)
TICKS = "#card-figures g[class^=y][class$=tick] text"  # ytick, y2tick…
# A tick's text as read: a long label is drawn on several lines (one tspan each),
# broken where the label has a space.
TICK_TEXTS = """selector => Array.from(document.querySelectorAll(selector)).map(t => {
    const lines = Array.from(t.querySelectorAll("tspan.line"));
    return lines.length ? lines.map(l => l.textContent).join(" ") : t.textContent;
})"""


@pytest.fixture(scope="module")
def hostile_url(dataset, tmp_path_factory):
    state = ViewState(lang="en")
    item = next(i for i in export_items(dataset, state) if i.page == "consultation")
    drawn = list(item.rows[F.id])
    assert len(drawn) >= len(LABELS)
    labels = dict(zip(drawn, LABELS, strict=False))
    app = create_app(
        {"DATASET": hostile_dataset(tmp_path_factory.mktemp("hostile"), labels)}
    )
    with live_server(app.server) as url:
        yield url


def test_a_label_holding_markup_is_text_on_the_page(page, hostile_url):
    open_page(page, hostile_url + "/consultation?lang=en")
    card = page.locator("#card-figures")
    expect(card.locator(".main-svg").first).to_be_visible()
    expect(card.locator(".main-svg a")).to_have_count(0)
    expect(card.locator(".main-svg tspan[style*=bold]")).to_have_count(0)
    for label in LABELS:
        page.wait_for_function(
            f"labels => ({TICK_TEXTS})({TICKS!r}).filter(t => t === labels[0])"
            ".length === 1",
            arg=[label],
        )
        tick = page.locator(TICKS).nth(page.evaluate(TICK_TEXTS, TICKS).index(label))
        tick.scroll_into_view_if_needed()
        box = tick.bounding_box()
        # The bar starts at the axis, just right of its tick label.
        page.mouse.move(box["x"] + box["width"] + 24, box["y"] + box["height"] / 2)
        hover = page.locator(".hoverlayer .hovertext")
        expect(hover).to_contain_text(label.split()[-1] + ":")
        # the label's characters, in order, whatever lines the hover breaks it into
        assert "".join(label.split()) + ":" in "".join(hover.text_content().split())
        expect(hover.locator("a")).to_have_count(0)
    assert page.console.problems == []
