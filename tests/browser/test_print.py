"""Printing: A4 landscape pages, controls hidden, no card or chart cut in two, no
heading left at the foot of a page, no empty page, and the title, the print date
and the source on every page — read back from the PDF Chromium prints."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from i18n import t
from i18n.format import format_date
from tests.browser.helpers import open_page

A4_LANDSCAPE_POINTS = (841.89, 595.28)
MM = 72 / 25.4  # PDF points per millimetre
MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 16, 14  # the @page margins of dashboard.css
PRINTABLE_HEIGHT_PX = (210 - MARGIN_TOP_MM - MARGIN_BOTTOM_MM) / 25.4 * 96
NEARLY_EMPTY = 0.1  # a page whose content fills less of its height than this
# Two pages together filled less than this could have been one. Text marks where
# content ends, a little above the foot of the card around it: hence under 1.
MERGEABLE = 0.9


def plain(text: str) -> str:
    """Text as compared here: compatibility forms folded (the PDF's text layer
    spells 月 and 日 with Kangxi radicals, fi as a ligature), no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass
class PrintedPage:
    margins: str  # the text in the page's margins: header, page number, source
    body: str  # the text of the page's content area, in reading order
    last_line: str  # the lowest line of the content area
    filled: float  # how far down the content area the content reaches, 0 to 1


def read_pages(pdf: bytes) -> list[PrintedPage]:
    """Each page of ``pdf``: the text in its margins and in its content area."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox[3])
        top, bottom = height - MARGIN_TOP_MM * MM, MARGIN_BOTTOM_MM * MM
        pieces: list[tuple[float, float, str]] = []

        def collect(text, cm, tm, font, size, pieces=pieces):
            if text.strip():  # where the text is drawn, in points from the foot
                y = cm[5] + tm[5] * cm[3]
                pieces.append((y, cm[4] + tm[4] * cm[0], text))

        page.extract_text(visitor_text=collect)
        inside = [p for p in pieces if bottom < p[0] < top]
        lowest = min((p[0] for p in inside), default=top)
        pages.append(
            PrintedPage(
                margins=plain("".join(p[2] for p in pieces if p not in inside)),
                body=plain("".join(p[2] for p in inside)),
                last_line=plain(
                    "".join(
                        p[2]
                        for p in sorted(inside, key=lambda p: p[1])
                        if abs(p[0] - lowest) < 2
                    )
                ),
                filled=(top - lowest) / (top - bottom),
            )
        )
    return pages


def headings(page) -> list[str]:
    """The text of every heading the printed page shows."""
    return [
        plain(text)
        for text in page.locator(
            "main h1, main h2, main h3, main h4, main h5, main h6, "
            "main .section-heading"
        ).all_inner_texts()
        if plain(text)
    ]


@pytest.mark.parametrize(
    ("path", "lang"),
    [("/", "zh"), ("/", "en"), ("/outcomes", "en"), ("/source", "zh")],
)
def test_printed_pages_carry_title_date_and_source_and_waste_no_page(
    page, base_url, path, lang
):
    open_page(page, f"{base_url}{path}?lang={lang}")
    page_headings = headings(page)
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    printed = read_pages(pdf)

    size = [float(v) for v in PdfReader(io.BytesIO(pdf)).pages[0].mediabox[2:]]
    assert size == pytest.approx(A4_LANDSCAPE_POINTS, abs=2)
    title, today = plain(t("app.title", lang)), plain(format_date(date.today(), lang))
    for number, sheet in enumerate(printed, start=1):
        where = f"page {number} of {len(printed)}"
        assert title in sheet.margins and today in sheet.margins, where
        assert f"{number}/{len(printed)}" in sheet.margins, where
        assert sheet.body, f"{where} is empty"
        assert sheet.filled >= NEARLY_EMPTY, f"{where} is nearly empty"
        if number < len(printed) and len(sheet.last_line) > 1:
            alone = [h for h in page_headings if h.endswith(sheet.last_line)]
            assert not alone, f"{where} ends with the heading {alone[0]!r}"
        if number > 1:  # a new page only when what it starts with did not fit
            assert printed[number - 2].filled + sheet.filled > MERGEABLE, where
    assert page.console.problems == []


def test_print_hides_controls_and_keeps_charts_whole(page, base_url):
    open_page(page, base_url + "/outcomes?lang=en")
    page.emulate_media(media="print")
    for selector in (
        ".navbar",
        ".filter-bar",
        ".csv-button",
        ".export-menu",
        ".chart-card .nav-tabs",
        ".modebar-container",
    ):
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    cards = page.locator(".chart-card").evaluate_all("""cards => cards.map(c => [
        getComputedStyle(c).breakInside, c.getBoundingClientRect().height])""")
    assert cards, "no chart to print"
    for break_inside, card_height in cards:
        assert break_inside == "avoid"
        assert card_height <= PRINTABLE_HEIGHT_PX, "a chart taller than a page is split"
    for heading in page.locator("main h1, main h2").all():
        expect(heading).to_have_css("break-after", "avoid")
    # Chromium prints title, date and source in the page margins (checked in the
    # PDF above), so the elements that carry them for other browsers stay hidden.
    expect(page.locator("html")).to_have_class(re.compile(r"\bprint-margin-boxes\b"))
    expect(page.locator(".print-header")).to_be_hidden()
    page.wait_for_function(
        """(title) => getComputedStyle(document.documentElement)
            .getPropertyValue('--print-header').includes(title)""",
        arg=t("app.title", "en"),
    )
    page.emulate_media(media="screen")
    assert page.console.problems == []


def test_a_folded_part_prints_unfolded(page, base_url):
    """The numerals the tables leave out are folded on screen; on paper they are
    listed in full."""
    open_page(page, base_url + "/source?lang=en")
    folded = page.locator("details.left-out")
    expect(folded).to_be_visible()
    expect(folded.locator("table")).to_be_hidden()
    printed = "".join(
        sheet.body for sheet in read_pages(page.pdf(format="A4", landscape=True))
    )
    assert plain(t("about.col.reason", "en")) in printed
    assert page.console.problems == []


def test_a_page_in_the_dark_scheme_prints_in_the_light_one(page, base_url):
    """Paper is white: the page's text and the charts' text print dark, on
    white, whichever scheme the screen shows."""
    open_page(page, base_url + "/outcomes?mode=dark")
    chart_text = page.locator(".chart-card .js-plotly-plot .main-svg text").first
    expect(chart_text).to_be_attached()
    page.emulate_media(media="print")
    dark_enough = """element => {
        const style = getComputedStyle(element);
        const colour = element instanceof SVGElement ? style.fill : style.color;
        const [r, g, b] = colour.match(/\\d+/g).map(Number);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b < 100;
    }"""
    for element in (page.locator("main h1").first, chart_text):
        expect(element).to_be_attached()
        assert element.evaluate(dark_enough), element
    page.emulate_media(media="screen")
    assert page.console.problems == []
