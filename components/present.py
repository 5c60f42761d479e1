"""The presentation deck: one chart per slide, in the report's order, each with a
large title, its key number and a one-line citation. Moving between slides happens
in the browser (assets/present.js): no server round trip per slide."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from dash import dcc, html

from components.kpi import citation
from components.urlstate import ViewState, to_search, view_only
from data import Dataset
from data.schemas import FactSchema as F
from data.schemas import label_column
from figures.charts import CHARTS
from figures.theme import for_presentation
from i18n import t
from i18n.format import format_quantity

# Symbols every font has (⏮/⏭ are missing from Noto CJK and would show as boxes).
ARROWS = (("«", "first"), ("◀", "previous"), ("▶", "next"), ("»", "last"))
SLIDE_GRAPH_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}


@dataclass(frozen=True)
class SlideSpec:
    """A slide: the chart ``chart`` over the facts of ``themes``, with ``key`` (a fact
    id) as its big number."""

    name: str
    themes: tuple[str, ...]
    chart: str
    key: str


STUDY = ("campaign", "organisation", "study")
OUTCOMES = ("rectification", "outcomes", "lessons", "tasks")
DECK = (
    SlideSpec("study-figures", STUDY, "figures", "lecture_attendance"),
    SlideSpec("study-lists", STUDY, "lists", "one_day_activities"),
    SlideSpec("research-figures", ("research",), "figures", "enterprises_surveyed"),
    SlideSpec("research-lists", ("research",), "lists", "countermeasures"),
    SlideSpec(
        "consultation-figures", ("consultation",), "consultation", "questionnaires"
    ),
    SlideSpec("consultation-percentages", ("consultation",), "percentages", "coverage"),
    SlideSpec(
        "consultation-lists", ("consultation",), "lists", "consultation_channels"
    ),
    SlideSpec("outcomes-flow", OUTCOMES, "flow", "measures"),
    SlideSpec("outcomes-percentages", OUTCOMES, "percentages", "satisfaction"),
    SlideSpec("outcomes-lists", OUTCOMES, "lists", "lessons"),
    SlideSpec("work-figures", ("work",), "figures", "historical_characters"),
    SlideSpec("work-lists", ("work",), "lists", "liaison_events"),
)


def deck_slides(
    dataset: Dataset, facts: pd.DataFrame
) -> list[tuple[SlideSpec, pd.DataFrame]]:
    """The slides whose chart has rows under the active filters, with those rows."""
    slides = []
    for spec in DECK:
        rows = CHARTS[spec.chart].rows(dataset, facts[facts[F.theme].isin(spec.themes)])
        if not rows.empty:
            slides.append((spec, rows))
    return slides


def _slide(
    dataset: Dataset, spec: SlideSpec, rows: pd.DataFrame, number: int, lang: str
) -> html.Section:
    key = dataset.fact(spec.key) if spec.key in set(rows[F.id]) else None
    figure = for_presentation(CHARTS[spec.chart].figure(rows, lang, frozenset()))
    source = citation(key, lang) if key else ""
    return html.Section(
        [
            html.Header(
                [
                    html.H2(
                        t(f"chart.{spec.chart}.title", lang), className="slide-title"
                    ),
                    html.Div(
                        [
                            html.Span(
                                format_quantity(
                                    key[F.value], key[F.unit], key[F.qualifier], lang
                                ),
                                className="slide-number",
                            ),
                            html.Span(
                                key[label_column(lang)], className="slide-number-label"
                            ),
                        ],
                        className="slide-key",
                    )
                    if key
                    else None,
                ],
                className="slide-header",
            ),
            dcc.Graph(
                figure=figure,
                config=SLIDE_GRAPH_CONFIG,
                className="slide-graph",
                responsive=True,
            ),
            html.Footer(source, className="slide-citation"),
        ],
        className="slide",
        id=f"slide-{number}",
        **{
            "data-name": spec.name,
            "aria-roledescription": t("present.slide", lang),
            "aria-label": f"{number}: {t(f'chart.{spec.chart}.title', lang)}",
        },
    )


def make_deck(dataset: Dataset, state: ViewState, facts: pd.DataFrame) -> html.Div:
    """Every slide (the browser shows one at a time), the controls and the progress."""
    lang = state.lang
    slides = deck_slides(dataset, facts)
    if not slides:
        return html.Div(
            [
                html.P(t("page.no_facts", lang), className="slide-empty"),
                dcc.Link(
                    t("present.exit", lang), href="/" + to_search(view_only(state))
                ),
            ],
            className="deck deck-empty",
        )
    start = min(state.slide or 1, len(slides))
    control = "deck-control"
    return html.Div(
        [
            *[
                _slide(dataset, spec, rows, n, lang)
                for n, (spec, rows) in enumerate(slides, start=1)
            ],
            html.Div(
                html.Div(className="deck-progress-bar"),
                className="deck-progress",
                role="progressbar",
                **{
                    "aria-label": t("present.progress", lang),
                    "aria-valuemin": "1",
                    "aria-valuemax": str(len(slides)),
                },
            ),
            html.Span(className="deck-counter", role="status"),
            html.Div(
                [
                    html.Div(
                        [
                            *[
                                html.Button(
                                    symbol,
                                    className=control,
                                    title=t(f"present.{action}", lang),
                                    **{
                                        "data-action": action,
                                        "aria-label": t(f"present.{action}", lang),
                                    },
                                )
                                for symbol, action in ARROWS
                            ],
                            *[
                                html.Button(
                                    t(f"present.{action}", lang),
                                    className=control,
                                    **{"data-action": action},
                                )
                                for action in ("fullscreen", "exit")
                            ],
                        ],
                        className="deck-buttons",
                    ),
                    html.P(t("present.keys", lang), className="deck-help"),
                ],
                className="deck-controls",
            ),
        ],
        className="deck",
        tabIndex=-1,
        **{
            "data-start": str(start),
            "data-count": str(len(slides)),
            "data-kiosk": str(state.kiosk or 0),
            "data-exit": "/" + to_search(view_only(state)),
            "aria-label": t("present.deck", lang),
        },
    )
