"""A chart card: title, caption, and the chart or — one tab away — its rows."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from components import ids
from components.tables import make_rows_table
from i18n import t

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def make_chart_card(
    key: str, figure: go.Figure, rows: pd.DataFrame, lang: str, extra: object = None
) -> dbc.Card:
    """A titled card: a graph and a table of the same rows, and a CSV download."""
    graph = dcc.Graph(
        id=ids.chart(key), figure=figure, config=GRAPH_CONFIG, className="chart-graph"
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
                        dbc.Button(
                            t("chart.download_csv", lang),
                            id=ids.csv_button(key),
                            color="secondary",
                            outline=True,
                            size="sm",
                            className="csv-button",
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
                        dbc.Tab(
                            make_rows_table(rows, lang, key),
                            label=t("chart.view_table", lang),
                            tab_id="table",
                        ),
                    ],
                    active_tab="chart",
                    className="chart-tabs",
                ),
            ]
        ),
        className="chart-card mb-4",
        id=f"card-{key}",
    )
