"""The overview: a one-screen briefing. The key points as sentences, the
campaign's course in order, the headline cards, then the context."""

from __future__ import annotations

import pandas as pd
from dash import html

from components.kpi import HEADLINE_CARDS, cards_for, make_kpi_row
from components.page import (
    make_chart_grid,
    make_context_line,
    make_list_members,
    make_page_header,
    more_note,
)
from components.story import make_context, make_course, make_key_points
from components.text import quotation
from data import Dataset
from data.schemas import FactSchema as F
from figures.charts import context_facts, headline_facts
from i18n import t, t_parts

# The charts of a report's overview: those that compare its figures.
REPORT_CHARTS = ("percentages", "changes", "figures")


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


REPORT_CARDS = 8  # headline cards of a report's overview, in the report's order


def make_report_overview(
    dataset: Dataset,
    lang: str,
    facts: pd.DataFrame,
    highlight: frozenset[str],
    state,
) -> html.Div:
    """The overview of a report other than the campaign: its title, its first
    figures as cards, the charts that compare them, its lists and its context."""
    singles = headline_facts(dataset, facts).sort_values(F.start, kind="stable")
    return html.Div(
        [
            make_page_header(
                report_title(dataset),
                t_parts(
                    "app.report_subtitle",
                    lang,
                    report_title=quotation(report_title(dataset)),
                ),
            ),
            html.H2(t("overview.kpi_heading", lang), className="h5 section-heading"),
            make_kpi_row(
                dataset, lang, cards_for(singles.head(REPORT_CARDS)), state.fact
            )
            if not singles.empty
            else html.P(t("page.no_facts", lang), className="text-muted"),
            more_note(min(len(singles), REPORT_CARDS), len(singles), lang),
            make_chart_grid(
                dataset,
                "overview",
                REPORT_CHARTS,
                facts,
                lang,
                highlight,
                mode=state.mode,
            ),
            make_list_members(dataset, facts, lang),
            make_context_line(dataset, facts[context_facts(facts)], lang),
        ],
        className="overview overview-report",
    )
