"""A chart card: title, caption, the chart or — one tab away — its rows, a CSV
download and an export menu (PNG, SVG, PDF made on the server)."""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from components import ids
from figures.summaries import summarise
from i18n import HTML_LANG, t

EXPORT_FORMATS = ("png", "svg", "pdf")
PRINT_HEIGHT = 520  # CSS pixels of plot that fit one A4 landscape page with its card


def file_stem(page: str, key: str, lang: str, day: date | None = None) -> str:
    """How an exported chart is named: page, chart, language and date."""
    return f"{page}-{key}-{lang}-{(day or date.today()).isoformat()}"


def graph_config(page: str, key: str, lang: str) -> dict:
    """The toolbar: PNG at twice the size, a meaningful name, the page's language."""
    return {
        "displaylogo": False,
        "responsive": True,
        "locale": HTML_LANG[lang],
        "toImageButtonOptions": {
            "format": "png",
            "scale": 2,
            "filename": file_stem(page, key, lang),
        },
    }


def print_zoom(figure: go.Figure) -> float:
    """How much a chart shrinks on paper so that it fits one page."""
    return min(1.0, PRINT_HEIGHT / (figure.layout.height or 450))


def _export_menu(key: str, lang: str) -> dbc.DropdownMenu:
    return dbc.DropdownMenu(
        [
            dbc.DropdownMenuItem(
                t(f"export.as_{fmt}", lang), id=ids.export_button(key, fmt)
            )
            for fmt in EXPORT_FORMATS
        ],
        label=t("export.menu", lang),
        size="sm",
        color="secondary",
        class_name="export-menu",
        align_end=True,
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
                config=graph_config(page, key, lang),
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
