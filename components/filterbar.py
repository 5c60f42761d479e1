"""The filter bar: four dropdowns, a clear-all button and the active-filter chips."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.urlstate import ViewState, allowed_filter_values
from data import Dataset
from data.filters import Filters
from data.schemas import OutlineSchema as O
from data.schemas import label_column
from data.vocabulary import VOCABULARY
from i18n import t
from i18n.format import section_heading

TITLE_CHARS = 14  # a section title is cut to this length in the dropdown


# Pixels of a filter's open list: the sections have long names.
DROPDOWN_HEIGHT = 480


def _section_label(dataset: Dataset, section: str, lang: str) -> str:
    row = dataset.outline.set_index(O.section).loc[section]
    title = row[O.title_en if lang == "en" else O.title_zh]
    if lang == "zh" and len(title) > TITLE_CHARS:
        title = title[:TITLE_CHARS] + "…"
    return section_heading(section, title, lang)


def value_label(dataset: Dataset, name: str, value: str, lang: str) -> str:
    """How filter value ``value`` of filter ``name`` reads on screen."""
    if name == "section":
        return _section_label(dataset, value, lang)
    if name == "theme":
        return VOCABULARY.theme_name(value, lang)
    if name == "unit":
        return VOCABULARY.unit_kind_name(value, lang)
    if name == "status":
        return t(f"status.{value}", lang)
    return t(f"kind.{value}", lang)


def filter_options(dataset: Dataset, lang: str) -> dict[str, list[dict[str, str]]]:
    """The options of each dropdown, in display order."""
    return {
        name: [
            {"label": value_label(dataset, name, v, lang), "value": v} for v in values
        ]
        for name, values in allowed_filter_values(dataset).items()
    }


DROPDOWN_LABELS = (
    "select_all",
    "deselect_all",
    "selected_count",
    "search",
    "clear_search",
    "clear_selection",
    "no_options_found",
)


def dropdown_labels(lang: str) -> dict[str, str]:
    """The dropdowns' own texts ("2 selected", "Search"…) in ``lang``."""
    return {key: t(f"dropdown.{key}", lang) for key in DROPDOWN_LABELS}


def make_filter_bar() -> html.Section:
    """The static frame of the filter bar; the navigation callback fills it."""
    return html.Section(
        [
            html.H2(id=ids.FILTER_HEADING, className="visually-hidden"),
            dbc.Row(
                [
                    *[
                        dbc.Col(
                            dcc.Dropdown(
                                id=ids.filter_dropdown(name),
                                multi=True,
                                options=[],
                                value=[],
                                # room for eight or so options, not three
                                maxHeight=DROPDOWN_HEIGHT,
                                className="filter-dropdown",
                            ),
                            md=6,
                            xl=True,
                            className="mb-2",
                            id=ids.filter_column(name),
                        )
                        for name in Filters.names()
                    ],
                    dbc.Col(
                        dbc.Button(
                            id=ids.FILTER_CLEAR,
                            color="secondary",
                            outline=True,
                            className="w-100",
                        ),
                        md=3,
                        xl=1,
                        className="mb-2",
                    ),
                    dbc.Col(
                        dbc.Button(
                            id=ids.EXPORT_ALL,
                            color="primary",
                            outline=True,
                            className="w-100",
                        ),
                        md=3,
                        xl=2,
                        className="mb-2",
                    ),
                ],
                className="g-2 align-items-center",
            ),
            html.Div(
                id=ids.FILTER_CHIPS,
                className="filter-chips",
                role="status",
                **{"aria-live": "polite"},
            ),
            dbc.Progress(
                id=ids.EXPORT_PROGRESS,
                value=0,
                striped=True,
                animated=True,
                className="mt-2 export-progress",
                style={"display": "none"},
            ),
            html.Div(id=ids.EXPORT_STATUS, role="status", **{"aria-live": "polite"}),
        ],
        id=ids.FILTER_BAR,
        className="filter-bar mb-3",
    )


def _chip(label: str, name: str, value: str, colour: str, lang: str) -> dbc.Badge:
    remove = t("filter.remove", lang, label=label)
    return dbc.Badge(
        [
            label,
            html.Button(
                "×",
                id=ids.chip(name, value),
                className="chip-remove",
                type="button",
                title=remove,
                **{"aria-label": remove},
            ),
        ],
        color=colour,
        text_color="dark",
        pill=True,
        className="filter-chip",
    )


def make_chips(dataset: Dataset, state: ViewState, lang: str) -> list:
    """One removable chip per active filter value, and one for the selected fact."""
    chips = [
        _chip(
            t(
                "filter.chip",
                lang,
                name=t(f"filter.{name}", lang),
                value=value_label(dataset, name, value, lang),
            ),
            name,
            value,
            "light",
            lang,
        )
        for name in Filters.names()
        for value in getattr(state.filters, name)
    ]
    if state.fact:
        label = t(
            "filter.fact_chip", lang, label=dataset.fact(state.fact)[label_column(lang)]
        )
        chips.append(_chip(label, "fact", state.fact, "warning", lang))
    return chips or [html.Span(t("filter.none", lang), className="text-muted small")]
