"""A chart card: title, caption, the chart or — one tab away — its rows, a CSV
download and an export menu (PNG, SVG, PDF made on the server)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from components import ids
from exporter.images import export_timeout
from exporter.layout import PRESETS, WORD_TEXT_CM
from figures.summaries import summarise
from i18n import HTML_LANG, t

PRINT_HEIGHT = 520  # CSS pixels of plot that fit one A4 landscape page with its card
# The export menu: PNG in three presets (and "as on screen", which needs the
# browser to say how large the chart is, see below), then SVG and two PDF pages.
MENU_PNG_PRESETS = ("word", "slide", "square")
MENU_VECTORS = (("svg", "slide"), ("pdf", "word"), ("pdf", "slide"))
ON_SCREEN = "screen"
# A per-card store the browser writes an export request into when the chart's
# on-screen size matters: "as on screen" in the menu, and the toolbar's camera
# (assets/export.js); callbacks/exports.py answers it.
EXPORT_REQUEST = "export-request"
ON_SCREEN_CLASS = "export-on-screen"
# Where the server marks each answer to an export (or CSV) with a new token: the
# page's script sends one export at a time, and the next when the mark changes,
# since a second request to the same callback would cancel the first's download.
EXPORT_ANSWER = "export-answer"
# How long the script waits for an answer before it stops waiting: the server's
# longest export (a browser started, an image drawn, a page printed, each bounded
# by EXPORT_TIMEOUT), and some room.
ANSWER_WAITS = 4
ANSWER_SLACK = 30


def export_choice(key: str, fmt: str, preset: str) -> dict[str, str]:
    """The menu item that exports chart ``key`` as ``fmt`` in ``preset``."""
    return {**ids.export_button(key, fmt), "preset": preset}


def export_request(key: str) -> dict[str, str]:
    """Where the browser asks for an image of chart ``key`` (its format, preset,
    and for "as on screen" the chart's size)."""
    return {"type": EXPORT_REQUEST, "chart": key}


def export_answer(key: str) -> dict[str, str]:
    """Where the server marks that it answered an export of the page."""
    return {"type": EXPORT_ANSWER, "chart": key}


def file_stem(
    page: str,
    key: str,
    lang: str,
    preset: str,
    day: date | None = None,
    report: str = "",
) -> str:
    """How an exported chart is named: page, chart, preset, language and date,
    after the report when the address names one (files of two reports never
    share a name)."""
    stem = f"{page}-{key}-{preset}-{lang}-{(day or date.today()).isoformat()}"
    return report_prefix(report) + stem


def report_prefix(report: str) -> str:
    """The start of an exported file's name: the report's slug and a dash, when
    the address names a report; nothing otherwise."""
    return f"{report}-" if report else ""


def _ratio(width: int, height: int) -> str:
    shape = Fraction(width, height)
    return f"{shape.numerator}:{shape.denominator}"


def preset_label(preset: str, lang: str) -> str:
    """A preset as the menu names it, with its size."""
    spec = PRESETS[preset]
    size = f"{spec.pixel_width}×{spec.pixel_height}"
    values = {
        "word": {"cm": WORD_TEXT_CM},
        "slide": {"ratio": _ratio(spec.width, spec.height or 1), "size": size},
        "square": {"size": size},
        "screen": {},
    }[preset]
    return t(f"export.preset.{preset}", lang, **values)


def _vector_label(fmt: str, preset: str, lang: str) -> str:
    if fmt == "svg":
        return t("export.as_svg", lang)
    spec = PRESETS[preset]
    if preset == "word":
        return t("export.pdf_word", lang, paper=spec.page.name)
    return t("export.pdf_slide", lang, ratio=_ratio(spec.width, spec.height or 1))


# Plotly's toolbar, reduced to what these charts use: the camera (which the page's
# script turns into the titled, sourced PNG of the menu) and, where dragging
# zooms, a way back. No selection tools (nothing here is selected), no links to
# plotly's cloud, no logo.
ZOOM_RESET = ("resetScale2d",)


def graph_config(page: str, key: str, lang: str, zoomable: bool = True) -> dict:
    """The toolbar of chart ``key``, in the page's language."""
    return {
        "displaylogo": False,
        "showLink": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "showTips": False,
        "responsive": True,
        "locale": HTML_LANG[lang],
        "modeBarButtons": [["toImage", *(ZOOM_RESET if zoomable else ())]],
        # What the camera saves if the page's script cannot ask the server.
        "toImageButtonOptions": {
            "format": "png",
            "scale": PRESETS[ON_SCREEN].scale,
            "filename": file_stem(page, key, lang, ON_SCREEN),
        },
    }


def zoomable(figure: go.Figure) -> bool:
    """Whether dragging on ``figure`` zooms (some axis is visible and not fixed)."""
    axes = [
        figure.layout[name]
        for name in figure.layout
        if name.startswith(("xaxis", "yaxis"))
    ]
    return any(axis.visible is not False and not axis.fixedrange for axis in axes)


def print_zoom(figure: go.Figure) -> float:
    """How much a chart shrinks on paper so that it fits one page."""
    return min(1.0, PRINT_HEIGHT / (figure.layout.height or 450))


def _export_menu(key: str, lang: str) -> html.Div:
    items = [dbc.DropdownMenuItem(t("export.as_png", lang), header=True)]
    items += [
        dbc.DropdownMenuItem(
            preset_label(preset, lang), id=export_choice(key, "png", preset)
        )
        for preset in MENU_PNG_PRESETS
    ]
    items += [
        dbc.DropdownMenuItem(preset_label(ON_SCREEN, lang), class_name=ON_SCREEN_CLASS),
        dbc.DropdownMenuItem(divider=True),
        dbc.DropdownMenuItem(t("export.vector_heading", lang), header=True),
    ]
    items += [
        dbc.DropdownMenuItem(
            _vector_label(fmt, preset, lang), id=export_choice(key, fmt, preset)
        )
        for fmt, preset in MENU_VECTORS
    ]
    menu = dbc.DropdownMenu(
        items,
        label=t("export.menu", lang),
        size="sm",
        color="secondary",
        class_name="export-menu",
        align_end=True,
    )
    # While an export runs, the page's script says so beside the menu, and how
    # many more wait their turn (assets/export.js).
    busy = html.Span(
        className="export-busy small text-muted align-self-center",
        role="status",
        hidden=True,
    )
    return html.Div(
        [
            busy,
            menu,
            dcc.Store(id=export_request(key)),
            html.Span(id=export_answer(key), className="export-answer", hidden=True),
        ],
        className="export-box d-flex gap-2",
        **{
            "data-busy": t("export.busy", lang),
            "data-queued": t("export.queued", lang, count="{count}"),
            "data-wait": str(ANSWER_WAITS * export_timeout() + ANSWER_SLACK),
        },
    )


def make_chart_card(
    page: str,
    key: str,
    figure: go.Figure,
    rows: pd.DataFrame,
    lang: str,
    extra: object = None,
) -> dbc.Card:
    """A titled card: a graph and (one tab away) a table of the same rows, CSV and
    image exports."""
    summary_id = f"summary-{key}"
    # The graph is one figure for assistive technology: named by the chart's
    # title, described by a summary generated from the same rows; the table tab
    # beside it is the full alternative, one Tab away.
    graph = html.Div(
        [
            dcc.Graph(
                id=ids.chart(key),
                figure=figure,
                config=graph_config(page, key, lang, zoomable(figure)),
                className="chart-graph",
            ),
            html.P(
                summarise(key, rows, lang),
                id=summary_id,
                className="visually-hidden chart-summary",
            ),
        ],
        role="figure",
        **{"aria-label": t(f"chart.{key}.title", lang), "aria-describedby": summary_id},
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    [
                        html.H3(
                            t(f"chart.{key}.title", lang),
                            className="chart-title h5 mb-0",
                        ),
                        html.Div(
                            [
                                dbc.Button(
                                    t("chart.download_csv", lang),
                                    id=ids.csv_button(key),
                                    color="secondary",
                                    outline=True,
                                    size="sm",
                                    className="csv-button",
                                ),
                                _export_menu(key, lang),
                            ],
                            className="d-flex gap-2 flex-shrink-0",
                        ),
                    ],
                    className="d-flex justify-content-between align-items-start gap-2",
                ),
                html.P(
                    t(f"chart.{key}.caption", lang),
                    className="chart-caption text-muted",
                ),
                extra,
                dbc.Tabs(
                    [
                        dbc.Tab(
                            graph, label=t("chart.view_chart", lang), tab_id="chart"
                        ),
                        # Filled when opened (callbacks/tables.py): a page of
                        # tables is hundreds of components the browser would
                        # otherwise re-render on every filter change.
                        dbc.Tab(
                            html.Div(
                                dbc.Spinner(size="sm"),
                                id=ids.chart_table(key),
                                className="chart-table",
                            ),
                            label=t("chart.view_table", lang),
                            tab_id="table",
                        ),
                    ],
                    active_tab="chart",
                    id=ids.chart_tabs(key),
                    className="chart-tabs",
                ),
            ]
        ),
        className="chart-card mb-4",
        id=f"card-{key}",
        # Printed, a tall chart shrinks to fit one A4 landscape page.
        style={"--print-zoom": f"{print_zoom(figure):.2f}"},
    )
