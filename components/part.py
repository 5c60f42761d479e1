"""A page for one part of the campaign: its figures, its charts, its lists."""

from __future__ import annotations

import pandas as pd
from dash import html

from components.kpi import cards_for, make_kpi_row
from components.page import make_chart_grid, make_list_members, make_page_header
from data import Dataset
from data.schemas import FactSchema as F
from data.schemas import ItemSchema as I
from i18n import t


def make_part_page(
    dataset: Dataset,
    name: str,
    charts: tuple[str, ...],
    lang: str,
    facts: pd.DataFrame,
    highlight: frozenset[str],
    selected: str | None,
    mode: str = "light",
) -> html.Div:
    """Cards for the part's single figures, its charts, and its lists' members."""
    singles = facts[~facts[F.id].isin(set(dataset.items[I.list_id]))]
    return html.Div(
        [
            make_page_header(
                t(f"page.{name}.title", lang), t(f"page.{name}.intro", lang)
            ),
            html.H2(t("page.kpis", lang), className="h5 section-heading"),
            make_kpi_row(dataset, lang, cards_for(singles), selected)
            if not singles.empty
            else html.P(t("page.no_facts", lang), className="text-muted"),
            make_chart_grid(dataset, name, charts, facts, lang, highlight, mode=mode),
            make_list_members(dataset, facts, lang),
        ],
        className=f"part part-{name}",
    )
