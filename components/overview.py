"""The overview page: a header, the headline KPI cards and the overview charts."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components import ids
from components.charts import make_chart_card
from components.kpi import make_kpi_row
from data import Dataset
from figures import builders
from i18n import t


def report_title(dataset: Dataset) -> str:
    """The report's own title: its first line."""
    return dataset.report.split("\n", 1)[0].strip()


def make_overview(dataset: Dataset, lang: str) -> html.Div:
    """The whole overview page for ``lang``."""
    charts = [
        (
            ids.GRAPH_CONSULTATION,
            builders.consultation_figures(dataset.facts, lang),
            "chart.consultation",
        ),
        (
            ids.GRAPH_THEMES,
            builders.facts_by_theme(dataset.facts, lang),
            "chart.themes",
        ),
        (
            ids.GRAPH_LISTS,
            builders.list_sizes(dataset.facts, dataset.items, lang),
            "chart.lists",
        ),
    ]
    return html.Div(
        [
            html.Header(
                [
                    html.H1(t("app.title", lang), className="h3 mb-1"),
                    html.P(
                        t("app.subtitle", lang, report_title=report_title(dataset)),
                        className="text-muted mb-4",
                    ),
                ],
                className="page-header",
            ),
            html.H2(t("overview.kpi_heading", lang), className="h5 section-heading"),
            make_kpi_row(dataset, lang),
            html.H2(
                t("overview.charts_heading", lang), className="h5 section-heading mt-2"
            ),
            dbc.Row(
                [
                    dbc.Col(
                        make_chart_card(
                            graph_id,
                            figure,
                            t(f"{key}.title", lang),
                            t(f"{key}.caption", lang),
                        ),
                        lg=6,
                    )
                    for graph_id, figure, key in charts[:2]
                ]
            ),
            make_chart_card(
                charts[2][0],
                charts[2][1],
                t(f"{charts[2][2]}.title", lang),
                t(f"{charts[2][2]}.caption", lang),
            ),
        ],
        className="overview",
    )
