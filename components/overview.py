"""The overview: a one-screen briefing. The key points as sentences, the
campaign's course in order, the headline cards, then the context."""

from __future__ import annotations

import pandas as pd
from dash import html

from components.kpi import HEADLINE_CARDS, make_kpi_row
from components.page import make_chart_grid, make_page_header
from components.story import make_context, make_course, make_key_points
from components.text import quotation
from data import Dataset
from data.schemas import FactSchema as F
from i18n import t, t_parts


def report_title(dataset: Dataset) -> str:
    """The report's own title: its first line."""
    return dataset.report.split("\n", 1)[0].strip()


def make_overview(
    dataset: Dataset,
    charts: tuple[str, ...],
    lang: str,
    facts: pd.DataFrame,
    highlight: frozenset[str],
    selected: str | None,
    mode: str = "light",
) -> html.Div:
    """The overview for ``lang``; cards and charts show only the filtered facts."""
    shown = set(facts[F.id])
    cards = tuple(spec for spec in HEADLINE_CARDS if shown & set(spec.fact_ids))
    return html.Div(
        [
            make_page_header(
                t("app.title", lang),
                t_parts(
                    "app.subtitle", lang, report_title=quotation(report_title(dataset))
                ),
            ),
            make_key_points(dataset, facts, lang),
            make_course(dataset, facts, lang),
            html.H2(t("overview.kpi_heading", lang), className="h5 section-heading"),
            make_kpi_row(dataset, lang, cards, selected)
            if cards
            else html.P(t("page.no_facts", lang), className="text-muted"),
            make_chart_grid(
                dataset, "overview", charts, facts, lang, highlight, mode=mode
            )
            if charts
            else None,
            make_context(dataset, facts, lang),
        ],
        className="overview",
    )
