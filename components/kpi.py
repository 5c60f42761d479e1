"""KPI cards: a figure with its qualifier, its label and its source; each figure is
a button that opens its detail panel."""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from components import ids
from components.formula import describe_formula
from components.text import quotation, status_marker
from data import Dataset
from data.schemas import label_column
from i18n import t, t_parts
from i18n.format import fact_quantity, quoted, section_cited


@dataclass(frozen=True)
class CardSpec:
    """Which facts a card shows: a main fact and, optionally, a companion beside it."""

    name: str
    main: str
    companion: str | None = None
    joiner: str = "·"

    @property
    def fact_ids(self) -> tuple[str, ...]:
        return (self.main, self.companion) if self.companion else (self.main,)


# The headline cards of the overview, by fact id (the numbers live in facts.csv).
HEADLINE_CARDS = (
    CardSpec("questionnaires", "questionnaires"),
    CardSpec("member-consultations", "member_consultations"),
    CardSpec("measures", "measures"),
    CardSpec("satisfaction", "satisfaction"),
)


def citation(fact: dict, lang: str) -> list:
    """ "Source: section 1.4, “…”": the section and the report's words, marked as
    Chinese wherever they stand."""
    return t_parts(
        "kpi.source",
        lang,
        section=section_cited(fact["section"], lang),
        excerpt=quotation(quoted(fact["excerpt"])),
    )


def make_source_line(dataset: Dataset, fact: dict, lang: str) -> html.Div:
    """Where the fact comes from: section and the report's words (and the formula)."""
    lines = [citation(fact, lang)]
    if fact["kind"] == "derived":
        lines.append(
            t("kpi.derived", lang, formula=describe_formula(dataset, fact, lang))
        )
    return html.Div([html.Div(line) for line in lines], className="kpi-source")


def make_fact_button(fact: dict, lang: str, origin: str) -> html.Button:
    """The value and label of one fact, as a button that opens its details."""
    suffix = t("chart.derived_suffix", lang) if fact["kind"] == "derived" else ""
    return html.Button(
        [
            html.Span(
                fact_quantity(fact, lang),
                className="kpi-value",
            ),
            html.Span(fact[label_column(lang)] + suffix, className="kpi-label"),
            status_marker(fact, lang),
        ],
        id=ids.fact_link(fact["id"], origin),
        className="fact-button",
        type="button",
    )


def make_kpi_card(
    dataset: Dataset, spec: CardSpec, lang: str, selected: str | None = None
) -> html.Div:
    """One card; every number on it is read from the dataset."""
    facts = [dataset.fact(fact_id) for fact_id in spec.fact_ids]
    parts: list = []
    for index, fact in enumerate(facts):
        if index:
            parts.append(
                html.Span(
                    spec.joiner, className="kpi-joiner", **{"aria-hidden": "true"}
                )
            )
        parts.append(make_fact_button(fact, lang, origin=f"kpi-{spec.name}"))
    selected_class = " selected" if selected in spec.fact_ids else ""
    return html.Div(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(parts, className="kpi-facts"),
                    *[make_source_line(dataset, f, lang) for f in facts],
                ]
            ),
            className="kpi-card h-100" + selected_class,
        ),
        className="h-100 kpi",
        **{"data-facts": " ".join(spec.fact_ids)},
    )


def make_kpi_row(
    dataset: Dataset,
    lang: str,
    specs: tuple[CardSpec, ...],
    selected: str | None = None,
) -> dbc.Row:
    """Cards laid out responsively."""
    return dbc.Row(
        [
            dbc.Col(
                make_kpi_card(dataset, spec, lang, selected),
                xs=12,
                sm=6,
                lg=3,
                className="mb-3",
            )
            for spec in specs
        ],
        className="kpi-row",
    )


def cards_for(rows: pd.DataFrame) -> tuple[CardSpec, ...]:
    """One single-fact card per row, in report order."""
    return tuple(
        CardSpec(fact_id, fact_id)
        for fact_id in rows.sort_values("start", kind="stable")["id"].tolist()
    )
