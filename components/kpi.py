"""KPI cards: a headline figure with its qualifier, its label and its source."""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import html

from components import ids
from data import Dataset
from data.schemas import label_column
from i18n import t
from i18n.format import format_quantity

SECTION_INTRO = "0"


@dataclass(frozen=True)
class CardSpec:
    """Which facts a card shows: a main fact and, optionally, a companion beside it."""

    name: str
    main: str
    companion: str | None = None
    joiner: str = " · "


# The headline cards of the overview, by fact id (the numbers live in facts.csv).
HEADLINE_CARDS = (
    CardSpec("questionnaires", "questionnaires"),
    CardSpec("member-consultations", "member_consultations"),
    CardSpec("satisfaction", "satisfaction"),
    CardSpec("measures", "measures"),
    CardSpec("lectures", "lecture_sessions", "lecture_attendance"),
    CardSpec("coverage", "coverage"),
    CardSpec("opinions", "opinions", "problem_areas", joiner=" → "),
)


def _section_name(section: str, lang: str) -> str:
    return t("section.intro", lang) if section == SECTION_INTRO else section


def _source_line(fact: dict, lang: str) -> html.Div:
    lines = [
        t(
            "kpi.source",
            lang,
            section=_section_name(fact["section"], lang),
            excerpt=fact["excerpt"],
        )
    ]
    if fact["kind"] == "derived":
        lines.append(t("kpi.derived", lang, formula=fact["formula"]))
    return html.Div([html.Div(line) for line in lines], className="kpi-source")


def make_kpi_card(dataset: Dataset, spec: CardSpec, lang: str) -> html.Div:
    """One card; every number on it is read from the dataset."""
    facts = [dataset.fact(spec.main)]
    if spec.companion:
        facts.append(dataset.fact(spec.companion))
    label = label_column(lang)
    values = [
        format_quantity(f["value"], f["unit"], f["qualifier"], lang) for f in facts
    ]
    card = dbc.Card(
        dbc.CardBody(
            [
                html.Div(spec.joiner.join(values), className="kpi-value"),
                html.Div(
                    spec.joiner.join(f[label] for f in facts), className="kpi-label"
                ),
                *[_source_line(f, lang) for f in facts],
            ]
        ),
        className="kpi-card h-100",
    )
    return html.Div(
        card,
        id=ids.kpi_card(spec.name),
        className="h-100",
        **{"data-facts": " ".join(f["id"] for f in facts)},
    )


def make_kpi_row(dataset: Dataset, lang: str, specs=HEADLINE_CARDS) -> dbc.Row:
    """The headline cards, laid out responsively."""
    return dbc.Row(
        [
            dbc.Col(
                make_kpi_card(dataset, spec, lang), xs=12, sm=6, lg=3, className="mb-3"
            )
            for spec in specs
        ],
        className="kpi-row",
    )
