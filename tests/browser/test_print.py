"""Printing: clean A4 landscape pages, controls hidden, no chart cut in two, the
title and date on top and the source at the foot."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from devtools.browser import wait_for_dashboard
from i18n import t

A4_LANDSCAPE_POINTS = (842, 595)
PRINTABLE_HEIGHT_PX = (210 - 14 - 16) / 25.4 * 96  # A4 height minus @page margins


@pytest.mark.parametrize("path", ["/", "/outcomes?lang=en", "/source"])
def test_printing_gives_clean_a4_landscape_pages(page, base_url, path):
    page.goto(base_url + path)
    wait_for_dashboard(page)
    pdf = PdfReader(
        io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True))
    )
    assert 1 <= len(pdf.pages) <= 12
    width, height = (round(float(v)) for v in pdf.pages[0].mediabox[2:])
    assert (width, height) == A4_LANDSCAPE_POINTS

    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.navbar', '.filter-bar', '.csv-button',
        '.export-menu', '.chart-card .nav-tabs'].map(s => {
            const e = document.querySelector(s);
            return e === null || getComputedStyle(e).display === 'none';
        })""")
    assert all(hidden)
    cards = page.locator(".chart-card").evaluate_all("""cards => cards.map(c => [
        getComputedStyle(c).breakInside, c.getBoundingClientRect().height])""")
    assert cards, "no chart to print"
    for break_inside, card_height in cards:
        assert break_inside == "avoid"
        assert card_height <= PRINTABLE_HEIGHT_PX, "a chart taller than a page is split"
    header = page.locator(".print-header")
    assert header.is_visible() and t("app.title", "en" if "en" in path else "zh") in (
        header.inner_text()
    )
    assert page.locator(".print-footer").is_visible()
    page.emulate_media(media="screen")
    assert page.console.problems == []
