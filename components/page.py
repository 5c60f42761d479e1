"""Pieces every page shares: a header, a grid of chart cards, list members."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from components import ids
from components.charts import make_chart_card
from components.kpi import make_fact_button
from components.text import quotation
from data import Dataset
from data.schemas import FactSchema as F
from data.schemas import label_column
from figures.charts import CHARTS, named_counts
from figures.theme import for_mode
from i18n import t
from i18n.format import fact_quantity, format_number, format_value, quoted

WIDE_CHARTS = {"lists", "flow", "coverage", "figures"}
# A page lists at most this many lists with their members, and says how many more;
# so does a list with its members.
MAX_LISTS = 30
MAX_MEMBERS = 30
# A line of fact buttons (context, named sets) holds at most this many.
MAX_INLINE = 30


def make_page_header(title: str, intro: str) -> html.Header:
    return html.Header(
        [
            html.H1(title, className="h3 mb-1"),
            html.P(intro, className="text-muted mb-3"),
        ],
        className="page-header",
    )


def make_chart_grid(
    dataset: Dataset,
    page: str,
    keys: tuple[str, ...],
    facts: pd.DataFrame,
    lang: str,
    highlight: frozenset[str],
    extras: dict | None = None,
    mode: str = "light",
) -> dbc.Row:
    """One card per chart key whose rows make a chart (at least two marks: a single
    value is a card, not a chart); narrow charts pair up, wide ones take the row."""
    columns = []
    shown = {key: CHARTS[key].rows(dataset, facts) for key in keys}
    shown = {key: rows for key, rows in shown.items() if CHARTS[key].drawable(rows)}
    narrow = [key for key in shown if key not in WIDE_CHARTS]
    for key, rows in shown.items():
        spec = CHARTS[key]
        drawn = spec.drawn(rows)
        card = make_chart_card(
            page,
            key,
            for_mode(spec.build(drawn, lang, highlight), mode),
            drawn,
            lang,
            _joined(
                (extras or {}).get(key),
                more_note(len(drawn), len(rows), lang, "chart.capped"),
            ),
        )
        columns.append(dbc.Col(card, lg=6 if key in narrow and len(narrow) > 1 else 12))
    return dbc.Row(columns, className="chart-grid")


def _joined(*parts):
    """Several optional pieces as one child (Dash children cannot nest lists)."""
    present = [part for part in parts if part is not None]
    if len(present) <= 1:
        return present[0] if present else None
    return html.Div(present)


def more_note(shown: int, total: int, lang: str, key: str = "page.more"):
    """A line saying that only ``shown`` of ``total`` are on screen; None if all are."""
    if shown >= total:
        return None
    return html.P(
        t(
            key,
            lang,
            shown=format_number(shown, lang),
            total=format_number(total, lang),
        ),
        className="more-note text-muted small",
    )


def make_context_line(dataset: Dataset, facts: pd.DataFrame, lang: str):
    """Context facts (dates, lengths, anniversaries) as a line of text in the
    report's own words (为期半年, 新中国成立60周年), each a button that opens the
    fact; None when there are none."""
    if facts.empty:
        return None
    shown = facts.sort_values(F.start, kind="stable").head(MAX_INLINE)
    return html.Section(
        [
            html.H2(t("story.context.heading", lang), className="h6 section-heading"),
            html.P(
                [
                    html.Button(
                        quotation(quoted(fact[F.excerpt]))
                        if lang == "zh"
                        else f"{fact[label_column(lang)]}: {fact_quantity(fact, lang)}",
                        id=ids.fact_link(fact[F.id], "context"),
                        className="fact-inline",
                        type="button",
                        title=fact[label_column(lang)],
                    )
                    for fact in shown.to_dict("records")
                ],
                className="context-facts",
            ),
            *_present(more_note(len(shown), len(facts), lang)),
        ],
        className="context-section",
    )


def _present(*parts) -> list:
    """The parts that are not None, to splice into a list of children."""
    return [part for part in parts if part is not None]


def _named_sets(facts: pd.DataFrame, lang: str):
    """Counts that are part of a name ("五突出"), as one line of buttons."""
    if facts.empty:
        return None
    shown = facts.sort_values(F.start, kind="stable").head(MAX_INLINE)
    line = html.P(
        [
            make_fact_button(fact, lang, origin="named")
            for fact in shown.to_dict("records")
        ],
        className="named-sets",
    )
    return _joined(line, more_note(len(shown), len(facts), lang))


def make_list_members(dataset: Dataset, facts: pd.DataFrame, lang: str) -> html.Div:
    """The lists among ``facts`` (at most MAX_LISTS), with their members in the
    report's order, and the sets the report names by a number ("五突出")."""
    lists = facts[facts[F.id].isin(dataset.list_ids)].sort_values(F.start)
    named = facts[named_counts(facts) & ~facts[F.id].isin(dataset.list_ids)]
    if lists.empty and named.empty:
        return html.Div()
    cards = []
    for fact in lists.head(MAX_LISTS).to_dict("records"):
        members = dataset.members(fact[F.id])
        shown = members.head(MAX_MEMBERS)
        cards.append(
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            make_fact_button(fact, lang, origin="members"),
                            html.Ol(
                                [html.Li(m) for m in shown[label_column(lang)]],
                                className="mb-0 mt-2 small",
                                **{
                                    "aria-label": format_value(
                                        fact[F.value], fact[F.qualifier], lang
                                    )
                                },
                            ),
                            more_note(
                                len(shown), len(members), lang, "detail.members_more"
                            ),
                        ]
                    ),
                    className="list-card h-100",
                ),
                md=6,
                xl=4,
                className="mb-3",
            )
        )
    return html.Section(
        [
            html.H2(t("page.lists", lang), className="h5 section-heading"),
            _named_sets(named, lang),
            dbc.Row(cards),
            more_note(len(cards), len(lists), lang),
        ],
        className="list-members",
    )
