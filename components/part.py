"""A page for one part of the campaign: its figures, its charts, its lists."""

from __future__ import annotations

import pandas as pd
from dash import html

from components.kpi import cards_for, make_kpi_row
from components.page import (
    make_chart_grid,
    make_context_line,
    make_list_members,
    make_page_header,
    more_note,
)
from data import Dataset
from data.schemas import FactSchema as F
from figures.charts import context_facts, headline_facts
from i18n import t

MAX_CARDS = 48  # single-figure cards on one page; more are named in a note


def first(facts: pd.DataFrame) -> pd.DataFrame:
    """The first MAX_CARDS facts in the report's order."""
    return facts.sort_values(F.start, kind="stable").head(MAX_CARDS)


def make_part_page(
    dataset: Dataset,
    name: str,
    charts: tuple[str, ...],
    lang: str,
    facts: pd.DataFrame,
    highlight: frozenset[str],
    selected: str | None,
    mode: str = "light",
    header: tuple[str, str] | None = None,
) -> html.Div:
    """Cards for the part's figures, the charts that compare them, its lists with
    their members, and its context (dates and anniversaries) as text. ``header``
    is the title and introduction (default: the catalog's for page ``name``)."""
    singles = headline_facts(dataset, facts)
    title, intro = header or (
        t(f"page.{name}.title", lang),
        t(f"page.{name}.intro", lang),
    )
    return html.Div(
        [
            make_page_header(title, intro),
            html.H2(t("page.kpis", lang), className="h5 section-heading"),
            make_kpi_row(dataset, lang, cards_for(first(singles)), selected)
            if not singles.empty
            else html.P(t("page.no_facts", lang), className="text-muted"),
            more_note(min(len(singles), MAX_CARDS), len(singles), lang),
            make_chart_grid(dataset, name, charts, facts, lang, highlight, mode=mode),
            make_list_members(dataset, facts, lang),
            make_context_line(dataset, facts[context_facts(facts)], lang),
        ],
        className=f"part part-{name}",
    )
