"""PDF pages as HTML for Chromium to print: one chart on a page of its preset's
size, and the deck — a cover and one chart per page, every page the same size.

Charts are inline SVG (text stays text, and Chromium knows which characters each
glyph stands for, so the PDF's text is the chart's). Every page is a fixed box of
the page's size, so no chart ever spills onto a page of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from exporter.layout import Canvas, Page, Preset
from figures.theme import FONT_FAMILY, MUTED_COLOUR, TEXT_COLOUR


@dataclass(frozen=True)
class Cover:
    """The deck's first page."""

    heading: str  # the dashboard's title
    report: str  # the report's title, as the language quotes it
    lines: tuple[str, ...]  # what else the cover says: charts, filters, date
    lang: str  # the page's language, as HTML names it


def _document(page: Page, sections: list[str], lang: str, title: str = "") -> str:
    # The title becomes the PDF's (a viewer shows it in its title bar).
    return (
        f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>"
        f"@page {{ size: {page.width}px {page.height}px; margin: 0 }}"
        "html, body { margin: 0; padding: 0 }"
        f"body {{ font-family: {FONT_FAMILY}; color: {TEXT_COLOUR} }}"
        f".page {{ width: {page.width}px; height: {page.height}px;"
        f" padding: {page.margin}px; box-sizing: border-box; overflow: hidden;"
        " break-after: page; position: relative }"
        ".page:last-child { break-after: auto }"
        ".page svg { display: block; width: 100%; height: auto }"
        ".cover { display: flex; flex-direction: column; justify-content: center;"
        f" padding: 0 {page.width * 0.08}px }}"
        ".cover .heading { font-size: 28px; margin: 0 0 24px }"
        ".cover h1 { font-size: 44px; line-height: 1.3; margin: 0 0 40px;"
        " font-weight: 700 }"
        f".cover p {{ font-size: 22px; margin: 0 0 8px; color: {MUTED_COLOUR} }}"
        "</style></head><body>" + "".join(sections) + "</body></html>"
    )


def chart_page_size(preset: Preset, canvas: Canvas) -> Page:
    """The page one chart is printed on: its preset's page, or its own size."""
    return preset.page or Page(canvas.width, canvas.height)


def chart_page(
    svg: str, preset: Preset, canvas: Canvas, lang: str, title: str = ""
) -> str:
    """One chart on one page of its preset's size, as wide as the page's margins
    allow (a chart as tall as the page fits it: presets keep to the page's shape);
    ``title``: the PDF's."""
    page = chart_page_size(preset, canvas)
    return _document(page, [f'<section class="page">{svg}</section>'], lang, title)


def deck(cover: Cover, svgs: list[str], page: Page) -> str:
    """The deck: the cover, then one chart per page, every page ``page``."""
    lines = "".join(f"<p>{escape(line)}</p>" for line in cover.lines)
    first = (
        '<section class="page cover">'
        f'<p class="heading">{escape(cover.heading)}</p>'
        f'<h1 lang="zh-CN">{escape(cover.report)}</h1>{lines}</section>'
    )
    charts = [f'<section class="page">{svg}</section>' for svg in svgs]
    title = f"{cover.heading} · {cover.report}"
    return _document(page, [first, *charts], cover.lang, title)
