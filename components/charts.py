"""A chart card: title, caption, and a graph with a loading state."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def make_chart_card(
    graph_id: str, figure: go.Figure, title: str, caption: str
) -> dbc.Card:
    """A titled card holding one figure; the caption says what the chart counts."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(title, className="chart-title h5"),
                html.P(caption, className="chart-caption text-muted small"),
                dcc.Graph(
                    id=graph_id,
                    figure=figure,
                    config=GRAPH_CONFIG,
                    className="chart-graph",
                ),
            ]
        ),
        className="chart-card mb-4",
    )
